// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * ovx switch: create, delete and show switches (net_devices of link kind
 * "ovx").
 */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "ovx.h"
#include "switch.h"

#define OBJ "switch"

/*
 * The keywords of "switch add", each allowed once: first those that take
 * a value, then the flags, which stand alone and have a "no" form, as in
 * iproute2's vxlan.
 */
enum add_key {
	KEY_LOCAL,
	KEY_DSTPORT,
	KEY_TTL,
	KEY_TOS,
	KEY_DF,
	KEY_ENCAP,
	KEY_ZERO_CSUM6_TX,
	KEY_ZERO_CSUM6_RX,
	N_KEYS,
};

#define FIRST_FLAG KEY_ZERO_CSUM6_TX

static const char *const add_keys[N_KEYS] = {
	[KEY_LOCAL] = "local",
	[KEY_DSTPORT] = "dstport",
	[KEY_TTL] = "ttl",
	[KEY_TOS] = "tos",
	[KEY_DF] = "df",
	[KEY_ENCAP] = "encap",
	[KEY_ZERO_CSUM6_TX] = "udp6zerocsumtx",
	[KEY_ZERO_CSUM6_RX] = "udp6zerocsumrx",
};

static const char *const encap_names[] = {
	[OVX_SWITCH_ENCAP_VXLAN] = "vxlan",
	[OVX_SWITCH_ENCAP_GENEVE] = "geneve",
};

#define N_ENCAPS (sizeof(encap_names) / sizeof(encap_names[0]))

/* The key of @word; for a flag, *@on is false when it is the "no" form. */
static int find_key(const char *word, bool *on)
{
	int k;

	*on = true;
	for (k = 0; k < N_KEYS; k++)
		if (!strcmp(word, add_keys[k]))
			return k;
	if (strncmp(word, "no", 2))
		return -1;
	*on = false;
	for (k = FIRST_FLAG; k < N_KEYS; k++)
		if (!strcmp(word + 2, add_keys[k]))
			return k;
	return -1;
}

static int parse_encap(const char *s, int *out)
{
	size_t i;

	for (i = 0; i < N_ENCAPS; i++) {
		if (!strcmp(s, encap_names[i])) {
			*out = (int)i;
			return 0;
		}
	}
	return -1;
}

/* "N" (0 to 255) or "inherit", which is 0: what show prints. */
static int parse_ttl(const char *s, int *out)
{
	uint8_t v;

	if (!strcmp(s, "inherit")) {
		*out = 0;
		return 0;
	}
	if (parse_u8(s, &v))
		return -1;
	*out = v;
	return 0;
}

static int parse_value(enum add_key key, const char *s,
		       struct ovx_switch_config *cfg)
{
	uint16_t port;
	uint8_t u8;

	switch (key) {
	case KEY_LOCAL:
		if (parse_addr(s, &cfg->local))
			return invarg("not an IPv4 or IPv6 address", s);
		break;
	case KEY_DSTPORT:
		if (parse_port(s, &port))
			return invarg("not a UDP port (1-65535)", s);
		cfg->port = port;
		break;
	case KEY_TTL:
		if (parse_ttl(s, &cfg->ttl))
			return invarg("not a TTL (0-255 or \"inherit\")", s);
		break;
	case KEY_TOS:
		if (parse_u8(s, &u8))
			return invarg("not a TOS (0-255)", s);
		cfg->tos = u8;
		break;
	case KEY_DF:
		if (!strcmp(s, "set"))
			cfg->df = OVX_SWITCH_DF_SET;
		else if (!strcmp(s, "unset"))
			cfg->df = OVX_SWITCH_DF_UNSET;
		else
			return invarg("not \"set\" or \"unset\"", s);
		break;
	case KEY_ENCAP:
		if (parse_encap(s, &cfg->encap))
			return invarg("not \"vxlan\" or \"geneve\"", s);
		break;
	case KEY_ZERO_CSUM6_TX:
	case KEY_ZERO_CSUM6_RX:
	case N_KEYS:
		break;
	}
	return OVX_EXIT_OK;
}

/*
 * A flag, @word, which sets it (@on) or clears it: the same word twice is
 * a duplicate, and both forms a conflict.
 */
static int parse_flag(enum add_key key, const char *word, bool on,
		      struct ovx_switch_config *cfg)
{
	int *field = key == KEY_ZERO_CSUM6_TX ? &cfg->udp_zero_csum6_tx :
						&cfg->udp_zero_csum6_rx;
	char other[32];

	if (*field == on)
		return duparg(word, word);
	if (*field != -1) {
		snprintf(other, sizeof(other), "%s%s", on ? "no" : "",
			 add_keys[key]);
		return conflict(word, other);
	}
	*field = on;
	return OVX_EXIT_OK;
}

/* NAME must come first; a keyword there means it was left out. */
static int parse_name(int argc, char **argv)
{
	bool on;

	if (argc <= 0 || find_key(argv[0], &on) >= 0)
		return missarg("NAME");
	if (check_ifname(argv[0]))
		return invarg("not an interface name (1-15 characters, no '/', ':' or blank)",
			      argv[0]);
	return OVX_EXIT_OK;
}

int switch_parse_add(int argc, char **argv, struct ovx_switch_config *cfg)
{
	bool seen[N_KEYS] = { false };
	int ret, key;
	bool on;

	ret = parse_name(argc, argv);
	if (ret)
		return ret;
	ovx_switch_config_init(cfg, argv[0]);
	argc--, argv++;

	while (argc > 0) {
		key = find_key(*argv, &on);
		if (key < 0)
			return unknown_arg(OBJ, *argv);
		if (key >= FIRST_FLAG) {
			ret = parse_flag((enum add_key)key, *argv, on, cfg);
			if (ret)
				return ret;
			argc--, argv++;
			continue;
		}
		NEXT_ARG();
		if (seen[key])
			return duparg(add_keys[key], *argv);
		seen[key] = true;
		ret = parse_value((enum add_key)key, *argv, cfg);
		if (ret)
			return ret;
		argc--, argv++;
	}
	if (!seen[KEY_LOCAL])
		return missarg("local");
	return OVX_EXIT_OK;
}

static int switch_add(struct ovx_cli *cli, int argc, char **argv)
{
	struct ovx_switch_config cfg;
	struct ovx_ctx *ctx;
	char what[64];
	int ret, err;

	ret = switch_parse_add(argc, argv, &cfg);
	if (ret)
		return ret;
	ctx = cli_ctx(cli);
	if (!ctx)
		return OVX_EXIT_ERR;
	err = ovx_switch_add(ctx, &cfg);
	if (err) {
		snprintf(what, sizeof(what), "cannot add switch \"%s\"",
			 cfg.name);
		return cli_error(cli, err, what);
	}
	return OVX_EXIT_OK;
}

/* "NAME" and nothing after it, for del and show. */
static int parse_one_name(int argc, char **argv, bool required,
			  const char **name)
{
	*name = NULL;
	if (argc <= 0)
		return required ? missarg("NAME") : OVX_EXIT_OK;
	if (check_ifname(argv[0]))
		return invarg("not an interface name (1-15 characters, no '/', ':' or blank)",
			      argv[0]);
	if (argc > 1)
		return unknown_arg(OBJ, argv[1]);
	*name = argv[0];
	return OVX_EXIT_OK;
}

static int switch_del(struct ovx_cli *cli, int argc, char **argv)
{
	struct ovx_ctx *ctx;
	const char *name;
	char what[64];
	int ret, err;

	ret = parse_one_name(argc, argv, true, &name);
	if (ret)
		return ret;
	ctx = cli_ctx(cli);
	if (!ctx)
		return OVX_EXIT_ERR;
	err = ovx_switch_del(ctx, name);
	if (err) {
		snprintf(what, sizeof(what), "cannot delete switch \"%s\"",
			 name);
		return cli_error(cli, err, what);
	}
	return OVX_EXIT_OK;
}

/*
 * "switch set SW [service-rate N] [service-burst N] [dns-upstream ADDR]...":
 * the settings that can change after creation, those of guest services.
 */
static int switch_set(struct ovx_cli *cli, int argc, char **argv)
{
	static struct ovx_addr ups[OVX_DNS_SERVERS_MAX];
	struct ovx_switch_set_config cfg;
	bool seen_rate = false, seen_burst = false, none = false;
	struct ovx_ctx *ctx;
	char what[64];
	uint32_t v;
	int err;

	if (argc <= 0 || !strcmp(argv[0], "service-rate") ||
	    !strcmp(argv[0], "service-burst") ||
	    !strcmp(argv[0], "dns-upstream"))
		return missarg("SW");
	if (check_ifname(argv[0]))
		return invarg("not an interface name (1-15 characters, no '/', ':' or blank)",
			      argv[0]);
	ovx_switch_set_config_init(&cfg, argv[0]);
	argc--, argv++;
	while (argc > 0) {
		const char *key = *argv;

		if (strcmp(key, "service-rate") && strcmp(key, "service-burst") &&
		    strcmp(key, "dns-upstream"))
			return unknown_arg(OBJ, key);
		NEXT_ARG();
		if (!strcmp(key, "dns-upstream")) {
			if (!strcmp(*argv, "none")) {
				if (cfg.n_dns_upstream > 0)
					return conflict("none", "dns-upstream ADDR");
				none = true;
				cfg.n_dns_upstream = 0;
			} else {
				if (none)
					return conflict(*argv, "dns-upstream none");
				if (cfg.n_dns_upstream >= OVX_DNS_SERVERS_MAX)
					return invarg("too many upstream resolvers (at most 4)",
						      *argv);
				if (cfg.n_dns_upstream < 0)
					cfg.n_dns_upstream = 0;
				if (parse_addr(*argv, &ups[cfg.n_dns_upstream]))
					return invarg("not an IPv4 or IPv6 address",
						      *argv);
				cfg.n_dns_upstream++;
				cfg.dns_upstream = ups;
			}
		} else {
			bool rate = !strcmp(key, "service-rate");

			if (rate ? seen_rate : seen_burst)
				return duparg(key, *argv);
			if (parse_u32(*argv, 1000000, &v) || !v)
				return invarg(rate ? "not a rate (1-1000000 frames per second)" :
						     "not a burst (1-1000000 frames)",
					      *argv);
			if (rate) {
				seen_rate = true;
				cfg.service_rate = v;
			} else {
				seen_burst = true;
				cfg.service_burst = v;
			}
		}
		argc--, argv++;
	}
	ctx = cli_ctx(cli);
	if (!ctx)
		return OVX_EXIT_ERR;
	err = ovx_switch_set(ctx, &cfg);
	if (err) {
		snprintf(what, sizeof(what), "cannot change switch \"%s\"",
			 cfg.name);
		return cli_error(cli, err, what);
	}
	return OVX_EXIT_OK;
}

/* The service settings, in the grammar of "switch set". */
static void print_switch_services(const struct ovx_switch *sw)
{
	char buf[INET6_ADDRSTRLEN];
	size_t i;

	print_nl();
	print_uint(PRINT_ANY, "service_rate", "    service-rate %u",
		   sw->service_rate);
	print_uint(PRINT_ANY, "service_burst", " service-burst %u",
		   sw->service_burst);
	open_json_array(PRINT_JSON, "dns_upstream");
	for (i = 0; i < sw->n_dns_upstream; i++) {
		format_addr(&sw->dns_upstream[i], buf, sizeof(buf));
		print_string(PRINT_FP, NULL, " dns-upstream %s", buf);
		print_string(PRINT_JSON, NULL, NULL, buf);
	}
	close_json_array(PRINT_JSON, NULL);
	print_bool(PRINT_JSON, "listener", NULL, sw->listener != 0);
	print_string(PRINT_FP, NULL, " %s",
		     sw->listener ? "served" : "not-served");
}

/*
 * Where the text of the drop reasons starts a new line, so that each
 * stays within 80 columns with counters of some digits: before these
 * reasons, and every third one after the last of them (reasons newer
 * than this table, which the library names).
 */
static const unsigned int drops_wrap[] = {
	OVX_DROP_TUNNEL_UNKNOWN_PEER,
	OVX_DROP_FDB_FULL,
	OVX_DROP_NO_MEMORY,
	OVX_DROP_TUNNEL_CRITICAL_OPTION,
	OVX_DROP_FDB_MOVE_REFUSED,
	OVX_DROP_FDB_PEER_FULL,
	OVX_DROP_BAD_ARP,
	OVX_DROP_UNKNOWN_UNICAST,
};

#define N_DROPS_WRAP (sizeof(drops_wrap) / sizeof(drops_wrap[0]))

static bool drop_wraps(unsigned int reason)
{
	unsigned int last = drops_wrap[N_DROPS_WRAP - 1];
	size_t i;

	for (i = 0; i < N_DROPS_WRAP; i++)
		if (drops_wrap[i] == reason)
			return true;
	return reason > last && (reason - last) % 3 == 0;
}

/*
 * A "drops" object in JSON, keyed by the library's names of the reasons;
 * in text, "    drops: tunnel-short N ..." (the names with '-' for '_')
 * on the current line and more lines aligned with it (the caller ends
 * the line before and after).
 */
static void print_drops(const struct ovx_drops *drops)
{
	char word[64];
	const char *name;
	unsigned int i;
	size_t j;

	open_json_object("drops");
	print_string(PRINT_FP, NULL, "%s", "    drops:");
	for (i = 0; i < drops->n && i < OVX_DROPS_CAP; i++) {
		name = ovx_drop_reason_name(i);
		if (!name)
			break;
		if (drop_wraps(i)) {
			print_nl();
			print_string(PRINT_FP, NULL, "%s", "          ");
		}
		snprintf(word, sizeof(word), "%s", name);
		for (j = 0; word[j]; j++)
			if (word[j] == '_')
				word[j] = '-';
		print_string(PRINT_FP, NULL, " %s", word);
		print_u64(PRINT_ANY, name, " %" PRIu64, drops->v[i]);
	}
	close_json_object();
}

/*
 * What the tunnel costs and leaves: "overhead N mtu N" in text, the inner
 * MTU being "unknown" while 0; the three sizes as numbers in JSON.
 */
static void print_mtu(const struct ovx_switch *sw)
{
	print_uint(PRINT_ANY, "overhead", " overhead %u", sw->overhead);
	print_uint(PRINT_JSON, "underlay_mtu", NULL, sw->underlay_mtu);
	print_uint(PRINT_JSON, "inner_mtu", NULL, sw->inner_mtu);
	if (sw->inner_mtu)
		print_uint(PRINT_FP, NULL, " mtu %u", sw->inner_mtu);
	else
		print_string(PRINT_FP, NULL, " mtu %s", "unknown");
}

/*
 * The IPv6 checksum settings, as the keywords of "switch add": in text
 * only those that are on (so that the defaults print as they always did),
 * in JSON as booleans; neither for an IPv4 switch, where the checksum is
 * always zero.
 */
static void print_zero_csum6(const struct ovx_switch *sw)
{
	if (sw->local.family != AF_INET6)
		return;
	print_bool(PRINT_JSON, "udp6zerocsumtx", NULL, sw->udp_zero_csum6_tx);
	print_bool(PRINT_JSON, "udp6zerocsumrx", NULL, sw->udp_zero_csum6_rx);
	if (sw->udp_zero_csum6_tx)
		print_string(PRINT_FP, NULL, " %s", "udp6zerocsumtx");
	if (sw->udp_zero_csum6_rx)
		print_string(PRINT_FP, NULL, " %s", "udp6zerocsumrx");
}

void print_switch(const struct ovx_cli *cli, const struct ovx_switch *sw)
{
	char addr[ADDR_STR_LEN];
	unsigned int encap = (unsigned int)sw->encap;

	open_json_object(NULL);
	print_int(PRINT_JSON, "ifindex", NULL, sw->ifindex);
	print_string(PRINT_ANY, "name", "%s:", sw->name);
	/* -d: in text too what JSON always has. */
	if (cli->details)
		print_int(PRINT_FP, NULL, " ifindex %d", sw->ifindex);
	print_string(PRINT_ANY, "local", " local %s",
		     format_addr(&sw->local, addr, sizeof(addr)));
	print_uint(PRINT_ANY, "dstport", " dstport %u", sw->port);

	/* Values from a newer kernel: a number in text, null in JSON. */
	if (encap < N_ENCAPS) {
		print_string(PRINT_ANY, "encap", " encap %s",
			     encap_names[encap]);
	} else {
		print_null(PRINT_JSON, "encap", NULL, NULL);
		print_uint(PRINT_FP, NULL, " encap %u", encap);
	}

	print_uint(PRINT_JSON, "ttl", NULL, sw->ttl);
	if (sw->ttl)
		print_uint(PRINT_FP, NULL, " ttl %u", sw->ttl);
	else
		print_string(PRINT_FP, NULL, " ttl %s", "inherit");
	print_uint(PRINT_ANY, "tos", " tos %u", sw->tos);

	switch (sw->df) {
	case OVX_SWITCH_DF_UNSET:
	case OVX_SWITCH_DF_SET:
		print_bool(PRINT_JSON, "df", NULL,
			   sw->df == OVX_SWITCH_DF_SET);
		print_string(PRINT_FP, NULL, " df %s",
			     sw->df == OVX_SWITCH_DF_SET ? "set" : "unset");
		break;
	default:
		print_null(PRINT_JSON, "df", NULL, NULL);
		print_uint(PRINT_FP, NULL, " df %u", (unsigned int)sw->df);
		break;
	}
	print_zero_csum6(sw);
	if (sw->has_mtu)
		print_mtu(sw);
	if (sw->has_mtu && cli->details)
		print_uint(PRINT_FP, NULL, " underlay-mtu %u", sw->underlay_mtu);
	if (sw->has_services)
		print_switch_services(sw);

	if (cli->stats && sw->has_stats) {
		print_nl();
		print_stats(&sw->stats);
	}
	if (cli->stats && sw->has_drops) {
		print_nl();
		print_drops(&sw->drops);
	}
	if (cli->stats && sw->has_service_stats) {
		print_nl();
		print_service_stats(&sw->service_stats);
	}
	print_nl();
	close_json_object();
}

static int show_one(const struct ovx_switch *sw, void *arg)
{
	print_switch(arg, sw);
	return 0;
}

static int switch_show(struct ovx_cli *cli, int argc, char **argv)
{
	struct ovx_switch sw;
	struct ovx_ctx *ctx;
	const char *name;
	char what[64];
	int ret, err;

	ret = parse_one_name(argc, argv, false, &name);
	if (ret)
		return ret;
	ctx = cli_ctx(cli);
	if (!ctx)
		return OVX_EXIT_ERR;

	if (name) {
		/* Nothing on stdout when it fails, not even "[]". */
		OVX_INIT(&sw);
		err = ovx_switch_get(ctx, name, &sw);
		if (err) {
			snprintf(what, sizeof(what),
				 "cannot show switch \"%s\"", name);
			return cli_error(cli, err, what);
		}
		new_json_obj(cli->json);
		print_switch(cli, &sw);
		delete_json_obj();
		return OVX_EXIT_OK;
	}

	new_json_obj(cli->json);
	err = ovx_switch_dump(ctx, show_one, cli);
	/* Closes the JSON array even after a failure, so it stays valid. */
	delete_json_obj();
	fflush(stdout);
	if (err == -EINTR) {
		fprintf(stderr, "Error: the switches changed during the dump; the list may be inconsistent.\n");
		return OVX_EXIT_ERR;
	}
	if (err)
		return cli_error(cli, err, "cannot list the switches");
	return OVX_EXIT_OK;
}

int do_switch(struct ovx_cli *cli, int argc, char **argv)
{
	if (argc <= 0)
		return switch_show(cli, 0, NULL);
	if (!strcmp(*argv, "add"))
		return switch_add(cli, argc - 1, argv + 1);
	if (!strcmp(*argv, "del") || !strcmp(*argv, "delete"))
		return switch_del(cli, argc - 1, argv + 1);
	if (!strcmp(*argv, "set"))
		return switch_set(cli, argc - 1, argv + 1);
	if (!strcmp(*argv, "show") || !strcmp(*argv, "list"))
		return switch_show(cli, argc - 1, argv + 1);
	if (!strcmp(*argv, "help")) {
		print_object_usage(stdout, OBJ);
		return OVX_EXIT_OK;
	}
	return unknown_cmd(OBJ, *argv);
}
