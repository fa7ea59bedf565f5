/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "internal.h"

unsigned fpa_version(void) { return FPA_VERSION_NUMBER; }

const char *fpa_version_string(void) { return FPA_VERSION_STRING; }
