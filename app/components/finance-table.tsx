/** Both finance views year by year: net permanent saving and the cumulative cash-flow. */
import type { FinanceViews } from "../modules/evidence/finance";

export function FinanceTable({ finance, caption }: { finance: FinanceViews; caption: string }) {
  return (
    <div className="atlas-table-scroll" tabIndex={0} role="region" aria-label={`${caption}, scrollable`}>
      <table className="govuk-table" data-table="finance">
        <caption className="govuk-table__caption govuk-table__caption--s">{caption}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Year</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Net permanent saving</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Years counted</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Cash-flow contribution</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Saving in the year</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Cumulative cash-flow</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {finance.years.map((year) => (
            <tr className="govuk-table__row" key={year.year}>
              <th scope="row" className="govuk-table__header">{`Year ${year.year}`}</th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{year.netPermanentSaving.display}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{year.yearsCounted}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{year.cashFlowContribution.display}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{year.savingInYear.display}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{year.cumulativeCashFlow.display}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="govuk-table__row">
            <th scope="row" className="govuk-table__header">Cumulative cash-flow</th>
            <td className="govuk-table__cell govuk-table__cell--numeric" colSpan={5}>{finance.cumulativeCashFlow.display}</td>
          </tr>
          <tr className="govuk-table__row">
            <th scope="row" className="govuk-table__header">Less investment</th>
            <td className="govuk-table__cell govuk-table__cell--numeric" colSpan={5}>{finance.investment.display}</td>
          </tr>
          <tr className="govuk-table__row">
            <th scope="row" className="govuk-table__header">Net cumulative cash-flow</th>
            <td className="govuk-table__cell govuk-table__cell--numeric" colSpan={5}>{finance.netCumulativeCashFlow.display}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
