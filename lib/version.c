// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * The library's version string, set by the build from lib/version.mk.
 */
#include "ovx_private.h"

OVX_EXPORT const char *ovx_lib_version(void)
{
	return OVX_LIB_VERSION;
}
