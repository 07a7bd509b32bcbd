/* SPDX-License-Identifier: GPL-2.0-only */
/* ovxd's log: stderr in the foreground (journald takes it), else syslog. */
#ifndef OVX_SVC_LOG_H
#define OVX_SVC_LOG_H

#include <stdbool.h>
#include <syslog.h>

void log_init(bool foreground, int verbose);
void log_msg(int prio, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
