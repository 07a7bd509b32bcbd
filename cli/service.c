// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * ovx service: what the guest services of each network did.  The kernel
 * counts what the ports handed up and what their token buckets dropped;
 * ovxd counts what it answered, forwarded and refused, and tells over its
 * status socket (svc/status.h).
 */
#define _GNU_SOURCE		/* struct ucred */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "ovx.h"
#include "svc/status.h"

#define OBJ "service"

void print_service_stats(const struct ovx_service_stats *st)
{
	open_json_object("service_stats");
	print_string(PRINT_FP, NULL, "%s", "    service:");
	print_u64(PRINT_ANY, "upcalls", " upcalls %" PRIu64, st->upcalls);
	print_u64(PRINT_ANY, "ratelimited", " ratelimited %" PRIu64,
		  st->ratelimited);
	print_u64(PRINT_ANY, "unqueued", " unqueued %" PRIu64, st->unqueued);
	print_u64(PRINT_ANY, "sent", " sent %" PRIu64, st->sent);
	close_json_object();
}

/*
 * An abstract socket's name can be taken by anyone: believe only one that
 * root holds, as ovxd runs.
 */
static bool peer_is_root(int fd)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	return !getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) &&
	       len == sizeof(cred) && cred.uid == 0;
}

/* ovxd's status, read whole; NULL when no ovxd serves this namespace. */
char *service_status(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t len = 0, size = 4096;
	char *buf;
	int fd;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return NULL;
	memcpy(sa.sun_path + 1, OVXD_STATUS_SOCKET, strlen(OVXD_STATUS_SOCKET));
	if (connect(fd, (struct sockaddr *)&sa,
		    offsetof(struct sockaddr_un, sun_path) + 1 +
		    strlen(OVXD_STATUS_SOCKET)) || !peer_is_root(fd)) {
		close(fd);
		return NULL;
	}
	/*
	 * ovxd answers at once, without waiting for the request (it never
	 * blocks on a client): the answer may be queued before this is sent,
	 * and ovxd gone.  Hence no SIGPIPE, and no error from this send.
	 */
	if (send(fd, "status\n", 7, MSG_NOSIGNAL) < 0 && errno != EPIPE &&
	    errno != ECONNRESET) {
		close(fd);
		return NULL;
	}
	buf = malloc(size);
	while (buf) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t n;

		/* A stuck ovxd must not hang the tool. */
		if (poll(&pfd, 1, 5000) <= 0)
			goto fail;
		n = read(fd, buf + len, size - len - 1);
		/*
		 * ovxd closed with our request unread (it had answered
		 * already): the connection is reset after its answer, which
		 * is whole.
		 */
		if (n < 0 && errno == ECONNRESET && len)
			break;
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		len += (size_t)n;
		if (len + 1 == size) {
			char *nbuf;

			if (size >= OVXD_STATUS_MAX)
				goto fail;
			size *= 2;
			nbuf = realloc(buf, size);
			if (!nbuf)
				goto fail;
			buf = nbuf;
		}
	}
	close(fd);
	if (buf)
		buf[len] = '\0';
	return buf;
fail:
	free(buf);
	close(fd);
	return NULL;
}

/* The "net NAME ..." line of @net in @status, or NULL. */
static char *find_line(char *status, const char *net, char **end)
{
	size_t n = strlen(net);
	char *p = status;

	while (p && *p) {
		char *eol = strchr(p, '\n');

		if (!strncmp(p, "net ", 4) && !strncmp(p + 4, net, n) &&
		    (p[4 + n] == ' ' || p[4 + n] == '\n' || !p[4 + n])) {
			*end = eol ? eol : p + strlen(p);
			return p + 4 + n;
		}
		p = eol ? eol + 1 : NULL;
	}
	return NULL;
}

/*
 * Prints "KEY VALUE" pairs: JSON objects per service (the part of KEY
 * before '_'), text with -s only, else the summary of the caller.
 */
static void print_counters(const struct ovx_cli *cli, char *p, char *end)
{
	char service[32] = "";
	char saved = *end;

	*end = '\0';
	open_json_object("counters");
	for (;;) {
		char *key, *val, *us;
		uint64_t v;

		key = strtok_r(p, " ", &p);
		val = key ? strtok_r(p, " ", &p) : NULL;
		if (!key || !val)
			break;
		v = strtoull(val, NULL, 10);
		us = strchr(key, '_');
		if (!us || (size_t)(us - key) >= sizeof(service))
			continue;
		if (strncmp(service, key, (size_t)(us - key)) ||
		    service[us - key]) {
			if (service[0])
				close_json_object();
			memcpy(service, key, (size_t)(us - key));
			service[us - key] = '\0';
			open_json_object(service);
			if (cli->stats) {
				print_nl();
				print_string(PRINT_FP, NULL, "    %s:", service);
			}
		}
		print_u64(PRINT_JSON, us + 1, NULL, v);
		if (cli->stats) {
			print_string(PRINT_FP, NULL, " %s", us + 1);
			print_u64(PRINT_FP, NULL, " %" PRIu64, v);
		}
	}
	if (service[0])
		close_json_object();
	close_json_object();
	*end = saved;
}

/* The sum of the counters whose key ends with one of @suffixes. */
static uint64_t sum_keys(const char *p, const char *end,
			 const char *const *keys)
{
	uint64_t total = 0;
	char key[64];

	while (p < end) {
		unsigned long long v;
		int n;
		size_t i;

		if (sscanf(p, " %63s %llu%n", key, &v, &n) != 2)
			break;
		for (i = 0; keys[i]; i++)
			if (!strcmp(key, keys[i]))
				total += v;
		p += n;
	}
	return total;
}

static const char *const answered_keys[] = {
	"dhcp_offer", "dhcp_ack", "dhcp_nak", "ra_sent", "dns_local",
	"dns_nxdomain", NULL,
};
static const char *const forwarded_keys[] = { "dns_forwarded", NULL };
static const char *const cached_keys[] = { "dns_cache_hits", NULL };
static const char *const malformed_keys[] = {
	"dhcp_malformed", "ra_malformed", "dns_malformed", NULL,
};
static const char *const dropped_keys[] = {
	"dhcp_malformed", "ra_malformed", "dns_malformed", "dns_dropped", NULL,
};

void print_service_summary(const char *status, const struct ovx_net *net)
{
	char *line = NULL, *end = NULL;
	uint64_t dropped = 0;

	if (status)
		line = find_line((char *)status, net->name, &end);
	if (net->has_service_stats)
		dropped = net->service_stats.ratelimited +
			  net->service_stats.unqueued;
	if (line) {
		print_u64(PRINT_ANY, "answered", " answered %" PRIu64,
			  sum_keys(line, end, answered_keys));
		print_u64(PRINT_ANY, "forwarded", " forwarded %" PRIu64,
			  sum_keys(line, end, forwarded_keys));
		print_u64(PRINT_ANY, "cache_hits", " cache-hits %" PRIu64,
			  sum_keys(line, end, cached_keys));
		print_u64(PRINT_ANY, "malformed", " malformed %" PRIu64,
			  sum_keys(line, end, malformed_keys));
		dropped += sum_keys(line, end, dropped_keys);
	}
	print_u64(PRINT_ANY, "dropped", " dropped %" PRIu64, dropped);
	if (net->has_service_stats)
		print_u64(PRINT_ANY, "ratelimited", " ratelimited %" PRIu64,
			  net->service_stats.ratelimited);
}

struct show_state {
	struct ovx_cli *cli;
	const char *net;	/* filter, or NULL */
	char *status;		/* NULL: ovxd is not running */
	bool found;
};

static int show_net(const struct ovx_net *net, void *arg)
{
	struct show_state *st = arg;
	struct ovx_cli *cli = st->cli;
	char *line = NULL, *end = NULL;

	if (st->net && strcmp(st->net, net->name))
		return 0;
	st->found = true;
	if (!st->net && (!net->has_services || (!net->dhcp && !net->dns)))
		return 0;
	if (st->status)
		line = find_line(st->status, net->name, &end);

	open_json_object(NULL);
	print_string(PRINT_ANY, "net", "%s:", net->name);
	print_bool(PRINT_JSON, "dhcp", NULL, net->dhcp);
	print_string(PRINT_FP, NULL, " dhcp %s", net->dhcp ? "on" : "off");
	print_bool(PRINT_JSON, "dns", NULL, net->dns);
	print_string(PRINT_FP, NULL, " dns %s", net->dns ? "on" : "off");
	print_service_summary(st->status, net);
	if (line)
		print_counters(cli, line, end);
	if (net->has_service_stats) {
		if (cli->stats)
			print_nl();
		enum output_type t = cli->stats ? PRINT_ANY : PRINT_JSON;
		const struct ovx_service_stats *k = &net->service_stats;

		open_json_object("kernel");
		if (cli->stats)
			print_string(PRINT_FP, NULL, "%s", "    kernel:");
		print_u64(t, "upcalls", " upcalls %" PRIu64, k->upcalls);
		print_u64(t, "ratelimited", " ratelimited %" PRIu64,
			  k->ratelimited);
		print_u64(t, "unqueued", " unqueued %" PRIu64, k->unqueued);
		print_u64(t, "sent", " sent %" PRIu64, k->sent);
		close_json_object();
	}
	print_nl();
	close_json_object();
	return 0;
}

static int service_show(struct ovx_cli *cli, int argc, char **argv)
{
	struct show_state st = { .cli = cli };
	char what[80];
	int err;

	while (argc > 0) {
		if (strcmp(*argv, "net"))
			return unknown_arg(OBJ, *argv);
		NEXT_ARG();
		if (st.net)
			return duparg("net", *argv);
		if (check_net_name(*argv))
			return invarg("not a network name (1-31 letters, digits, '-', '_' or '.')",
				      *argv);
		st.net = *argv;
		argc--, argv++;
	}
	if (!cli_ctx(cli))
		return OVX_EXIT_ERR;
	st.status = service_status();
	if (!st.status)
		fprintf(stderr, "Warning: ovxd is not running in this network namespace: services do not answer.\n");

	new_json_obj(cli->json);
	err = ovx_net_dump(cli->ctx, 0, show_net, &st);
	delete_json_obj();
	fflush(stdout);
	free(st.status);
	if (err)
		return cli_error(cli, err, "cannot list the networks");
	if (st.net && !st.found) {
		snprintf(what, sizeof(what), "cannot show network \"%s\"",
			 st.net);
		return cli_error(cli, -ENOENT, what);
	}
	return OVX_EXIT_OK;
}

int do_service(struct ovx_cli *cli, int argc, char **argv)
{
	if (argc <= 0)
		return service_show(cli, 0, NULL);
	if (!strcmp(*argv, "show") || !strcmp(*argv, "list"))
		return service_show(cli, argc - 1, argv + 1);
	if (!strcmp(*argv, "help")) {
		print_object_usage(stdout, OBJ);
		return OVX_EXIT_OK;
	}
	return unknown_cmd(OBJ, *argv);
}
