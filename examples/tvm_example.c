/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A loan, a capital-expenditure decision and a dated investment, worked
 * with libfpa's time-value-of-money functions on embedded sample figures. */
#include <fpa/fpa.h>

#include <stdio.h>
#include <stdlib.h>

#define CHECK(call)                                                         \
    do {                                                                    \
        fpa_status st_ = (call);                                            \
        if (st_ != FPA_OK) {                                                \
            fprintf(stderr, "%s: %s (%s)\n", #call, fpa_status_str(st_),    \
                    fpa_error_last());                                      \
            exit(1);                                                        \
        }                                                                   \
    } while (0)

static void loan(void)
{
    const double principal = 250000, annual = 0.054;
    const double rate = annual / 12, months = 20 * 12;
    double pmt, interest_y1, principal_y1;
    CHECK(fpa_tvm_pmt(&pmt, rate, months, principal, 0, FPA_WHEN_END));
    CHECK(fpa_tvm_cumipmt(&interest_y1, rate, months, principal, 1, 12, FPA_WHEN_END));
    CHECK(fpa_tvm_cumprinc(&principal_y1, rate, months, principal, 1, 12, FPA_WHEN_END));
    printf("Loan: 250,000 over 20 years at 5.4 %%\n");
    printf("  monthly payment            %12.2f\n", -pmt);
    printf("  interest in year 1         %12.2f\n", -interest_y1);
    printf("  principal repaid in year 1 %12.2f\n", -principal_y1);
    printf("  month  interest  principal\n");
    for (int m = 1; m <= 3; m++) {
        double ip, pp;
        CHECK(fpa_tvm_ipmt(&ip, rate, m, months, principal, 0, FPA_WHEN_END));
        CHECK(fpa_tvm_ppmt(&pp, rate, m, months, principal, 0, FPA_WHEN_END));
        printf("  %5d %9.2f %10.2f\n", m, -ip, -pp);
    }
}

static void capex(void)
{
    /* a packaging line: 1.2M now, then five years of net cash flows */
    const double flows[] = {-1200000, 310000, 360000, 390000, 400000, 350000};
    const double wacc = 0.09;
    double npv, irr, mirr, dep;
    CHECK(fpa_tvm_npv(&npv, wacc, flows + 1, 5));
    npv += flows[0];  /* spreadsheet NPV discounts from period 1 */
    CHECK(fpa_tvm_irr(&irr, flows, 6, 0.1));
    CHECK(fpa_tvm_mirr(&mirr, flows, 6, wacc, 0.06));
    printf("\nCapex: packaging line, 1.2M, WACC 9 %%\n");
    printf("  NPV                        %12.2f  (%s)\n", npv,
           npv > 0 ? "accept" : "reject");
    printf("  IRR                        %11.2f %%\n", 100 * irr);
    printf("  MIRR (reinvest at 6 %%)     %11.2f %%\n", 100 * mirr);
    printf("  year  DDB depreciation  SYD depreciation\n");
    for (int y = 1; y <= 5; y++) {
        double syd;
        CHECK(fpa_tvm_ddb(&dep, 1200000, 100000, 5, y, 2));
        CHECK(fpa_tvm_syd(&syd, 1200000, 100000, 5, y));
        printf("  %4d %17.2f %17.2f\n", y, dep, syd);
    }
}

static void dated(void)
{
    static const int ymd[][3] = {{2024, 1, 15}, {2024, 6, 30}, {2024, 12, 20},
                                 {2025, 7, 1},  {2026, 3, 31}};
    const double amounts[] = {-500000, 60000, 140000, 180000, 260000};
    int64_t days[5];
    for (int i = 0; i < 5; i++) CHECK(fpa_date_from_ymd(&days[i], ymd[i][0], ymd[i][1], ymd[i][2]));
    double xirr, xnpv;
    CHECK(fpa_tvm_xirr(&xirr, amounts, days, 5, 0.1));
    CHECK(fpa_tvm_xnpv(&xnpv, 0.08, amounts, days, 5));
    printf("\nDated investment: 500,000 on 2024-01-15, four receipts\n");
    printf("  XIRR                       %11.2f %%\n", 100 * xirr);
    printf("  XNPV at 8 %%                %12.2f\n", xnpv);
}

int main(void)
{
    printf("libfpa %s: time value of money on sample figures\n\n", fpa_version_string());
    loan();
    capex();
    dated();
    return 0;
}
