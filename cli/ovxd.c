// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * ovxd: the per-host daemon of guest services.  It serves every switch of
 * the network namespace it runs in: registers as the listener of their
 * packet channels, answers DHCPv4, router solicitations and DNS for the
 * networks that have them on, and follows the topology (ports, routers,
 * settings) from the kernel, which owns it.  Nothing is configured in
 * ovxd itself: a restart loses only the DNS cache.
 *
 * With --etcd URL --host NAME, ovxd also runs the agent (agent.c) that
 * writes this host's part of the topology in etcd into the kernel.
 */
#define _GNU_SOURCE		/* accept4() */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <ovx/ovx.h>

#include "agent.h"
#include "svc/log.h"
#include "svc/serve.h"
#include "svc/status.h"

/* Changes that raise no event (net set, routers) show within this. */
#define RESYNC_MS	5000
/* Frames from unknown ports rebuild the model at most this often. */
#define REBUILD_MIN_MS	200
/* Unsolicited router advertisements (RFC 4861 allows 4 s to 1800 s). */
#define RA_INTERVAL_MS	60000
#define MAX_FDS		(3 + 64)

static volatile sig_atomic_t stopping;
static bool log_foreground = true;
static int log_verbose;

void log_init(bool foreground, int verbose)
{
	log_foreground = foreground;
	log_verbose = verbose;
	if (!foreground)
		openlog("ovxd", LOG_PID, LOG_DAEMON);
}

void log_msg(int prio, const char *fmt, ...)
{
	va_list ap;

	if (prio == LOG_DEBUG && !log_verbose)
		return;
	va_start(ap, fmt);
	if (log_foreground) {
		fputs("ovxd: ", stderr);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	} else {
		vsyslog(prio, fmt, ap);
	}
	va_end(ap);
}

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void usage(FILE *fp)
{
	fprintf(fp,
		"Usage: ovxd [-f] [-v] [--etcd URL --host NAME [--ttl SECONDS]\n"
		"            [--state-dir DIR]]\n"
		"Serves DHCP, router advertisements and DNS to the guests of every ovx\n"
		"switch of the network namespace it runs in.  With --etcd, also keeps\n"
		"host NAME's part of the topology in etcd realized in the kernel.\n"
		"  -f, --foreground   stay in the foreground, log to stderr\n"
		"  -v, --verbose      log every request\n"
		"  --etcd URL         etcd's client URL (http://ADDRESS:2379)\n"
		"  --host NAME        this host's name in the topology\n"
		"  --ttl SECONDS      of the host's lease in etcd (default 5)\n"
		"  --state-dir DIR    what the agent applied (default /run/ovx)\n"
		"  -h, --help         this text\n"
		"  -V, --version      print the version\n");
}

/*
 * The status socket, abstract and so per network namespace: binding it
 * also makes sure one ovxd serves a namespace.
 */
static int status_open(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	socklen_t len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
				    1 + strlen(OVXD_STATUS_SOCKET));
	int fd;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	memcpy(sa.sun_path + 1, OVXD_STATUS_SOCKET,
	       strlen(OVXD_STATUS_SOCKET));
	if (bind(fd, (struct sockaddr *)&sa, len) || listen(fd, 8)) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

struct out {
	char *buf;
	size_t len, size;
};

static void out_printf(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void out_printf(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
		va_end(ap);
		if (n < 0)
			return;
		if ((size_t)n < o->size - o->len) {
			o->len += (size_t)n;
			return;
		}
		if (o->size >= OVXD_STATUS_MAX) {
			o->len = o->size;	/* truncated */
			return;
		}
		{
			char *nb = realloc(o->buf, o->size * 2);

			if (!nb)
				return;
			o->buf = nb;
			o->size *= 2;
		}
	}
}

#define C(name) " " #name " %llu", (unsigned long long)c->name

static void status_net(struct out *o, const struct model_counters *mc)
{
	const struct svc_counters *c = &mc->c;

	out_printf(o, "net %s", mc->name);
	out_printf(o, C(dhcp_discover));
	out_printf(o, C(dhcp_request));
	out_printf(o, C(dhcp_release));
	out_printf(o, C(dhcp_decline));
	out_printf(o, C(dhcp_inform));
	out_printf(o, C(dhcp_offer));
	out_printf(o, C(dhcp_ack));
	out_printf(o, C(dhcp_nak));
	out_printf(o, C(dhcp_no_binding));
	out_printf(o, C(dhcp_malformed));
	out_printf(o, " ra_rs %llu", (unsigned long long)c->rs);
	out_printf(o, C(ra_sent));
	out_printf(o, C(ra_malformed));
	out_printf(o, C(dns_queries));
	out_printf(o, C(dns_local));
	out_printf(o, C(dns_nxdomain));
	out_printf(o, C(dns_forwarded));
	out_printf(o, C(dns_cache_hits));
	out_printf(o, C(dns_truncated));
	out_printf(o, C(dns_servfail));
	out_printf(o, C(dns_malformed));
	out_printf(o, C(dns_dropped));
	out_printf(o, "\n");
}

static void status_answer(struct serve *s, int lfd)
{
	struct out o = { .size = 4096 };
	unsigned int cached = 0;
	size_t i;
	int fd;

	/*
	 * Any local process may connect: nothing here may block the loop
	 * that serves the guests.  The request is read if it is there (a
	 * Unix socket closed with unread data resets the connection, and
	 * the client would lose the answer); the answer is written once,
	 * without waiting (it is a few hundred bytes a network).
	 */
	fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (fd < 0)
		return;
	{
		char req[64];
		ssize_t n = recv(fd, req, sizeof(req), MSG_DONTWAIT);

		(void)n;	/* any request gets the status */
	}
	o.buf = malloc(o.size);
	if (!o.buf) {
		close(fd);
		return;
	}
	o.buf[0] = '\0';
	for (i = 0; i < s->model.n_counters; i++)
		status_net(&o, &s->model.counters[i]);
	for (i = 0; i < s->n_fwds; i++)
		cached += dns_fwd_cached(s->fwds[i].fwd);
	out_printf(&o, "ovxd upcalls %llu unknown %llu dhcp6_ignored %llu send_failed %llu send_refused %llu rebuilds %llu dns_cached %u\n",
		   (unsigned long long)s->st.upcalls,
		   (unsigned long long)s->st.unknown,
		   (unsigned long long)s->st.dhcp6_ignored,
		   (unsigned long long)s->st.send_failed,
		   (unsigned long long)ovx_packet_send_errors(s->ctx),
		   (unsigned long long)s->st.rebuilds, cached);
	{
		ssize_t n = send(fd, o.buf, o.len, MSG_NOSIGNAL | MSG_DONTWAIT);

		(void)n;	/* a client that cannot take it gets less */
	}
	free(o.buf);
	close(fd);
}

/* Registers with the switches the model has that we do not serve yet. */
static int listen_switches(struct serve *s, bool first)
{
	size_t i;

	for (i = 0; i < s->model.n_switches; i++) {
		struct model_switch *sw = &s->model.switches[i];
		int err;

		if (sw->listening)
			continue;
		err = ovx_packet_listen(s->ctx, sw->ifindex);
		if (err) {
			log_msg(LOG_ERR, "cannot serve switch %s: %s%s",
				sw->name, strerror(-err),
				err == -EBUSY ? " (another ovxd serves it)" :
				"");
			if (first)
				return err;
			continue;
		}
		sw->listening = true;
		log_msg(LOG_INFO, "serving switch %s", sw->name);
	}
	return 0;
}

static int rebuild(struct serve *s, bool first)
{
	int err;

	s->st.rebuilds++;
	err = model_build(s->ctx, &s->model);
	if (err) {
		s->st.rebuild_failed++;
		log_msg(LOG_WARNING, "cannot read the topology: %s",
			strerror(-err));
		return err;
	}
	err = listen_switches(s, first);
	if (err)
		return err;
	err = serve_sync_forwarders(s);
	if (err)
		log_msg(LOG_WARNING, "cannot set the DNS forwarders: %s",
			strerror(-err));
	serve_bind_slaac(s);
	s->want_rebuild = false;
	return 0;
}

/*
 * Ports and networks (their settings) change what we serve; FDB events and
 * the bindings' are read and dropped (a named binding shows at the next
 * periodic rebuild, as do routers).
 */
static int on_event(const struct ovx_event *ev, void *arg)
{
	bool *dirty = arg;

	switch (ev->kind) {
	case OVX_EVENT_PORT_ADDED:
	case OVX_EVENT_PORT_REMOVED:
	case OVX_EVENT_NET_CHANGED:
	case OVX_EVENT_NET_REMOVED:
		*dirty = true;
		break;
	default:
		break;
	}
	return 0;
}

static int run(struct serve *s)
{
	int64_t next_resync, next_ra, last_build;
	int status_fd, err;

	/*
	 * One ovxd per namespace is the kernel's to say (packet-listen is
	 * refused while another listens, below): the status socket's name
	 * can be taken by any process, which must not stop the services.
	 */
	status_fd = status_open();
	if (status_fd < 0)
		log_msg(LOG_WARNING, "no status socket (%s): `ovx service show` will not see this ovxd",
			status_fd == -EADDRINUSE ?
			"its name is taken: another ovxd, or another process" :
			strerror(-status_fd));
	err = ovx_subscribe(s->ctx, NULL);
	if (err) {
		log_msg(LOG_ERR, "cannot subscribe to events: %s",
			strerror(-err));
		if (status_fd >= 0)
			close(status_fd);
		return 1;
	}
	if (rebuild(s, true)) {
		if (status_fd >= 0)
			close(status_fd);
		return 1;
	}
	log_msg(LOG_INFO, "ready: %zu switches, %zu networks served, %zu ports",
		s->model.n_switches, s->model.n_nets, s->model.n_ports);
	serve_advertise(s);
	last_build = now_ms();
	next_resync = last_build + RESYNC_MS;
	next_ra = last_build + RA_INTERVAL_MS;

	while (!stopping) {
		struct pollfd pfd[MAX_FDS];
		int nfd = 0, i, timeout, fwd_next;
		int64_t now = now_ms();
		bool dirty = false;

		pfd[nfd++] = (struct pollfd){ .fd = ovx_packet_fd(s->ctx),
					      .events = POLLIN };
		pfd[nfd++] = (struct pollfd){ .fd = ovx_events_fd(s->ctx),
					      .events = POLLIN };
		/* A negative fd is ignored by poll(): no status socket. */
		pfd[nfd++] = (struct pollfd){ .fd = status_fd,
					      .events = POLLIN };
		{
			int fds[MAX_FDS - 3];
			int n = serve_fwd_fds(s, fds, MAX_FDS - 3);

			for (i = 0; i < n; i++)
				pfd[nfd++] = (struct pollfd){
					.fd = fds[i], .events = POLLIN };
		}
		fwd_next = serve_fwd_tick(s);
		if (s->want_rebuild && last_build + REBUILD_MIN_MS < next_resync)
			next_resync = last_build + REBUILD_MIN_MS;
		timeout = (int)(next_resync - now);
		if (next_ra - now < timeout)
			timeout = (int)(next_ra - now);
		if (fwd_next >= 0 && fwd_next < timeout)
			timeout = fwd_next;
		if (timeout < 0)
			timeout = 0;

		if (poll(pfd, (nfds_t)nfd, timeout) < 0 && errno != EINTR) {
			log_msg(LOG_ERR, "poll: %s", strerror(errno));
			break;
		}
		if (pfd[0].revents & POLLIN) {
			err = ovx_packet_recv(s->ctx, serve_packet, s);
			if (err == -ENOBUFS)
				log_msg(LOG_WARNING, "guest requests arrived faster than served: some were dropped");
		}
		if (pfd[1].revents & POLLIN) {
			err = ovx_events_recv(s->ctx, on_event, &dirty);
			/* Lost events: we cannot know what changed. */
			if (err == -ENOBUFS)
				dirty = true;
		}
		if (pfd[2].revents & POLLIN)
			status_answer(s, status_fd);
		for (i = 3; i < nfd; i++)
			if (pfd[i].revents & POLLIN)
				serve_fwd_input(s, pfd[i].fd);

		now = now_ms();
		if (dirty || s->want_rebuild) {
			if (now - last_build < REBUILD_MIN_MS)
				next_resync = last_build + REBUILD_MIN_MS;
			else
				next_resync = now;
		}
		if (now >= next_resync) {
			rebuild(s, false);
			last_build = now_ms();
			next_resync = last_build + RESYNC_MS;
		}
		if (now >= next_ra) {
			serve_advertise(s);
			next_ra = now + RA_INTERVAL_MS;
		}
	}
	if (status_fd >= 0)
		close(status_fd);
	log_msg(LOG_INFO, "stopping");
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "foreground", no_argument, NULL, 'f' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "etcd", required_argument, NULL, 'E' },
		{ "host", required_argument, NULL, 'H' },
		{ "ttl", required_argument, NULL, 'T' },
		{ "state-dir", required_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 },
	};
	struct sigaction sa = { .sa_handler = on_signal };
	struct agent_opts ao = { .ttl = AGENT_TTL_DEFAULT };
	struct agent *agent = NULL;
	bool foreground = false;
	struct ovx_ctx *ctx;
	struct serve s;
	int verbose = 0, c, err, ret;
	char *end;

	while ((c = getopt_long(argc, argv, "fvhV", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			foreground = true;
			break;
		case 'v':
			verbose++;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("ovxd %s\n", OVX_VERSION);
			return 0;
		case 'E':
			ao.url = optarg;
			break;
		case 'H':
			ao.host = optarg;
			break;
		case 'T':
			errno = 0;
			ao.ttl = (int)strtol(optarg, &end, 10);
			if (errno || *end || ao.ttl < 1 || ao.ttl > 3600) {
				fprintf(stderr, "ovxd: --ttl takes 1 to 3600 seconds, not \"%s\"\n",
					optarg);
				return 2;
			}
			break;
		case 'S':
			ao.state_dir = optarg;
			break;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "ovxd: unexpected argument \"%s\"\n",
			argv[optind]);
		usage(stderr);
		return 2;
	}
	if (!ao.url != !ao.host) {
		fprintf(stderr, "ovxd: --etcd and --host go together\n");
		usage(stderr);
		return 2;
	}
	ao.verbose = verbose;
	log_init(true, verbose);

	err = ovx_open(&ctx);
	if (err) {
		log_msg(LOG_ERR, "%s", err == -EPROTONOSUPPORT ?
			"the ovx kernel module is not loaded" :
			strerror(-err));
		return 1;
	}
	/* Errors of the setup still reach the terminal. */
	if (!foreground) {
		if (daemon(0, 0)) {
			log_msg(LOG_ERR, "cannot detach: %s", strerror(errno));
			ovx_close(ctx);
			return 1;
		}
		log_init(false, verbose);
	}
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* After daemon(): a thread does not survive fork(). */
	if (ao.url) {
		err = agent_start(&ao, &agent);
		if (err) {
			ovx_close(ctx);
			return 1;
		}
	}
	serve_init(&s, ctx);
	s.verbose = verbose;
	ret = run(&s);
	agent_stop(agent);
	serve_fini(&s);
	/* Closing the packet socket unregisters us from every switch. */
	ovx_close(ctx);
	return ret;
}
