// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Leak-free on purpose: test/run.sh runs it with detect_leaks=1 to learn
 * whether LeakSanitizer works here (it does not under some ptrace setups).
 */
#include <stdlib.h>

int main(void)
{
	free(malloc(16));
	return 0;
}
