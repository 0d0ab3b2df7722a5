import { useEffect, useRef, useState } from "react";
import { useT } from "../modules/i18n/use-t";

/**
 * The place box: a postcode or a place name, plus "Use my location" when the browser can give
 * one (progressive: without JavaScript the box alone works, and a location already in use is
 * carried in a hidden field). Used by the home page and /search; must sit inside their GET form.
 */
export function PlaceField({
  defaultValue,
  optional = false,
  error = null,
  near = "",
  nearDescription = null,
  stopUsingLocationHref = null,
}: {
  defaultValue: string;
  optional?: boolean;
  error?: string | null;
  /** The location in use ("52.335,0.337"), kept for the next search until a place is typed. */
  near?: string;
  /** "your location (near Soham)", when the search used it. */
  nearDescription?: string | null;
  stopUsingLocationHref?: string | null;
}) {
  const { t } = useT();
  const describedBy = ["search-postcode-hint", error ? "search-postcode-error" : null].filter(Boolean).join(" ");
  return (
    <div className={`govuk-form-group atlas-place-field${error ? " govuk-form-group--error" : ""}`}>
      <label className="govuk-label govuk-label--s" htmlFor="search-postcode">
        {optional ? t("placeField.labelOptional") : t("placeField.label")}
      </label>
      <div id="search-postcode-hint" className="govuk-hint">
        {t("placeField.hint")}
      </div>
      {error && (
        <p id="search-postcode-error" className="govuk-error-message">
          <span className="govuk-visually-hidden">{t("common.error")}</span> {error}
        </p>
      )}
      <div className="atlas-place-field__row">
        <input
          className={`govuk-input atlas-place-field__input${error ? " govuk-input--error" : ""}`}
          id="search-postcode"
          name="postcode"
          type="text"
          defaultValue={defaultValue}
          autoComplete="postal-code"
          spellCheck={false}
          aria-describedby={describedBy}
        />
        <UseMyLocation />
      </div>
      {near && <input type="hidden" name="near" value={near} />}
      {nearDescription && (
        <p className="govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0">
          {t("placeField.searchingNear", { place: nearDescription })}
          {stopUsingLocationHref && (
            <a className="govuk-link" href={stopUsingLocationHref}>
              {t("placeField.stop")}
            </a>
          )}
        </p>
      )}
    </div>
  );
}

type Finding = { state: "idle" } | { state: "finding" } | { state: "failed"; message: string };

/** Shown only once the page runs JavaScript in a browser that can share a location. */
function UseMyLocation() {
  const { t } = useT();
  const [supported, setSupported] = useState(false);
  const [finding, setFinding] = useState<Finding>({ state: "idle" });
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => setSupported(typeof navigator !== "undefined" && "geolocation" in navigator), []);
  if (!supported) return null;

  const useLocation = () => {
    const form = button.current?.form;
    if (!form) return;
    setFinding({ state: "finding" });
    navigator.geolocation.getCurrentPosition(
      (position) => {
        // Three decimal places (about 100 metres) are enough to search near someone, and all we send.
        const near = `${position.coords.latitude.toFixed(3)},${position.coords.longitude.toFixed(3)}`;
        let field = form.elements.namedItem("near") as HTMLInputElement | null;
        if (!field) {
          field = document.createElement("input");
          field.type = "hidden";
          field.name = "near";
          form.appendChild(field);
        }
        field.value = near;
        const place = form.elements.namedItem("postcode") as HTMLInputElement | null;
        if (place) place.value = "";
        setFinding({ state: "idle" });
        form.requestSubmit();
      },
      (failure) =>
        setFinding({
          state: "failed",
          message:
            failure.code === failure.PERMISSION_DENIED
              ? t("placeField.denied")
              : t("placeField.failed"),
        }),
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 300_000 },
    );
  };

  return (
    <>
      <button ref={button} type="button" className="govuk-button govuk-button--secondary atlas-use-location" onClick={useLocation} disabled={finding.state === "finding"}>
        {t("placeField.use")}
      </button>
      <p className="govuk-body-s atlas-use-location__status" aria-live="polite">
        {finding.state === "finding" && t("placeField.finding")}
        {finding.state === "failed" && <span className="atlas-use-location__error">{finding.message}</span>}
      </p>
    </>
  );
}
