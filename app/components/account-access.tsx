/** Role, organisation and localities fields, shared by the invite and edit pages. */
import { roleNames, roles } from "../modules/accounts/permissions";

export interface AccessOptions {
  districts: Array<{ code: string; name: string }>;
  wards: Array<{ code: string; name: string; districtCode: string }>;
  organizations: Array<{ id: string; name: string }>;
}

export interface AccessValues {
  role?: string;
  organizationId?: string | null;
  localities?: string[];
}

function ErrorMessage({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {message}
    </p>
  );
}

export function AccessFields({
  options,
  values,
  errors,
}: {
  options: AccessOptions;
  values: AccessValues;
  errors: Record<string, string | undefined>;
}) {
  const chosen = new Set(values.localities ?? []);
  return (
    <>
      <div className={`govuk-form-group${errors.role ? " govuk-form-group--error" : ""}`}>
        <fieldset className="govuk-fieldset" aria-describedby={errors.role ? "role-error" : undefined}>
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Role</legend>
          <ErrorMessage id="role-error" message={errors.role} />
          <div className="govuk-radios govuk-radios--small" id="role">
            {roles.map((role) => (
              <div className="govuk-radios__item" key={role}>
                <input
                  className="govuk-radios__input"
                  id={`role-${role}`}
                  name="role"
                  type="radio"
                  value={role}
                  defaultChecked={values.role === role}
                />
                <label className="govuk-label govuk-radios__label" htmlFor={`role-${role}`}>
                  {roleNames[role]}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>

      <div className={`govuk-form-group${errors.organizationId ? " govuk-form-group--error" : ""}`}>
        <label className="govuk-label govuk-label--s" htmlFor="organizationId">
          Organisation (providers only)
        </label>
        <div id="organizationId-hint" className="govuk-hint">
          A provider can change only this organisation&apos;s listings.
        </div>
        <ErrorMessage id="organizationId-error" message={errors.organizationId} />
        <select
          className={`govuk-select${errors.organizationId ? " govuk-select--error" : ""}`}
          id="organizationId"
          name="organizationId"
          defaultValue={values.organizationId ?? ""}
          aria-describedby={`organizationId-hint${errors.organizationId ? " organizationId-error" : ""}`}
        >
          <option value="">None</option>
          {options.organizations.map((organization) => (
            <option key={organization.id} value={organization.id}>
              {organization.name}
            </option>
          ))}
        </select>
      </div>

      <div className={`govuk-form-group${errors.localities ? " govuk-form-group--error" : ""}`}>
        <fieldset className="govuk-fieldset" aria-describedby={`localities-hint${errors.localities ? " localities-error" : ""}`}>
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Localities (coordinators only)</legend>
          <div id="localities-hint" className="govuk-hint">
            A coordinator manages listings only in these places. Choose a whole district or single wards.
          </div>
          <ErrorMessage id="localities-error" message={errors.localities} />
          <div className="govuk-checkboxes govuk-checkboxes--small" id="localities">
            {options.districts.map((district) => (
              <div className="govuk-checkboxes__item" key={district.code}>
                <input
                  className="govuk-checkboxes__input"
                  id={`locality-${district.code}`}
                  name="localities"
                  type="checkbox"
                  value={`district:${district.code}`}
                  defaultChecked={chosen.has(`district:${district.code}`)}
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor={`locality-${district.code}`}>
                  All of {district.name}
                </label>
              </div>
            ))}
            {options.wards.map((ward) => (
              <div className="govuk-checkboxes__item" key={ward.code}>
                <input
                  className="govuk-checkboxes__input"
                  id={`locality-${ward.code}`}
                  name="localities"
                  type="checkbox"
                  value={`ward:${ward.code}`}
                  defaultChecked={chosen.has(`ward:${ward.code}`)}
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor={`locality-${ward.code}`}>
                  {ward.name} ward
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
    </>
  );
}
