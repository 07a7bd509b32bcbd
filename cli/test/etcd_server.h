/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * A real etcd for the tests of the etcd client and of the topology in
 * etcd: started on 127.0.0.1 of a network namespace the test has entered
 * (etcd_netns()), its data in a temporary directory.
 */
#ifndef OVX_CLI_TEST_ETCD_SERVER_H
#define OVX_CLI_TEST_ETCD_SERVER_H

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "etcd/etcd.h"

#define URL "http://127.0.0.1:23790"

static pid_t etcd_pid;
static char dir[] = "/tmp/ovx-etcd-test.XXXXXX";

static inline const char *find_etcd(void)
{
	static const char *const paths[] = { "/usr/bin/etcd",
					     "/usr/local/bin/etcd" };
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (!access(paths[i], X_OK))
			return paths[i];
	return NULL;
}

static inline int lo_up(void)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), ret;

	if (fd < 0)
		return -1;
	strcpy(ifr.ifr_name, "lo");
	ret = ioctl(fd, SIOCGIFFLAGS, &ifr);
	if (!ret) {
		ifr.ifr_flags |= IFF_UP;
		ret = ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
	return ret;
}

static inline void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static inline pid_t start_etcd(const char *bin)
{
	char data[256], log[256];
	pid_t pid;

	snprintf(data, sizeof(data), "%s/data", dir);
	snprintf(log, sizeof(log), "%s/log", dir);
	pid = fork();
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execl(bin, "etcd", "--name", "t", "--data-dir", data,
		      "--listen-client-urls", URL,
		      "--advertise-client-urls", URL,
		      "--listen-peer-urls", "http://127.0.0.1:23800",
		      "--initial-advertise-peer-urls", "http://127.0.0.1:23800",
		      "--initial-cluster", "t=http://127.0.0.1:23800",
		      (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* Wait until etcd answers (a range of anything). */
static inline bool wait_etcd(struct etcd *e)
{
	struct etcd_range r;
	int i;

	for (i = 0; i < 300; i++) {
		if (!etcd_get(e, "health", false, 0, &r)) {
			etcd_range_free(&r);
			return true;
		}
		sleep_ms(100);
	}
	return false;
}

static inline void cleanup(void)
{
	char cmd[300];

	if (etcd_pid > 0) {
		kill(etcd_pid, SIGCONT);
		kill(etcd_pid, SIGKILL);
		waitpid(etcd_pid, NULL, 0);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		fprintf(stderr, "# cannot remove %s\n", dir);
}

/*
 * Enter a new network namespace with lo up and make the data directory.
 * NULL, or why the etcd tests cannot run here.
 */
static inline const char *etcd_netns(const char **bin)
{
	*bin = find_etcd();
	if (!*bin)
		return "etcd is not installed";
	if (unshare(CLONE_NEWNET) || lo_up())
		return "cannot make a network namespace";
	if (!mkdtemp(dir))
		return "cannot make a temporary directory";
	return NULL;
}

#endif /* OVX_CLI_TEST_ETCD_SERVER_H */
