// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * ovx: manage the ovx overlay virtual switch.  All of the work is in
 * ovx_main(), which the unit tests call too.
 */
#include "ovx.h"

int main(int argc, char **argv)
{
	return ovx_main(argc, argv);
}
