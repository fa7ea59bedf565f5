/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A program outside the project that links an installed libfpa. */
#include <fpa/fpa.h>
#include <math.h>
#include <stdio.h>

int main(void)
{
    if (fpa_version() / 10000 != FPA_VERSION_MAJOR) {
        fprintf(stderr, "libfpa %s does not match the headers %s\n",
                fpa_version_string(), FPA_VERSION_STRING);
        return 1;
    }
    double pmt;
    /* LibreOffice: =PMT(0.05/12;360;200000) = -1073.64324602428 */
    if (fpa_tvm_pmt(&pmt, 0.05 / 12, 360, 200000, 0, FPA_WHEN_END) != FPA_OK ||
        fabs(pmt + 1073.64324602428) > 1e-8) {
        fprintf(stderr, "PMT failed: %s\n", fpa_error_last());
        return 1;
    }
    printf("libfpa %s: payment %.2f\n", fpa_version_string(), pmt);
    return 0;
}
