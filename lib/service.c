// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * The service settings of networks and switches (what ovxd serves, and
 * where), and the packet channel's counters.  The kernel stores them so
 * that they have one owner, survive a restart of ovxd and show with the
 * objects they belong to.
 */
#include <errno.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/ovx.h>
#include <netlink/genl/genl.h>

#include "ovx_private.h"

_Static_assert((int)OVX_PACKET_DHCP4 == (int)OVX_SERVICE_DHCP4 &&
	       (int)OVX_PACKET_DHCP6 == (int)OVX_SERVICE_DHCP6 &&
	       (int)OVX_PACKET_RS == (int)OVX_SERVICE_RS &&
	       (int)OVX_PACKET_DNS == (int)OVX_SERVICE_DNS,
	       "enum ovx_packet_service must match the uapi enum ovx_service");

#define LEASE_MIN	10
#define LEASE_MAX	31536000
#define RATE_MAX	1000000

static const struct nla_policy service_stats_policy[OVX_A_SERVICE_STATS_MAX + 1] = {
	[OVX_A_SERVICE_STATS_PAD] = { .type = NLA_UNSPEC },
	[OVX_A_SERVICE_STATS_UPCALLS ... OVX_A_SERVICE_STATS_MAX] = {
		.type = NLA_U64, .maxlen = 8 },
};

static const struct nla_policy addr_policy[OVX_A_ADDR_MAX + 1] = {
	[OVX_A_ADDR_ADDR4] = { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_ADDR_ADDR6] = { .type = NLA_UNSPEC, .minlen = 16,
			       .maxlen = 16 },
};

int ovx_service_stats_parse(const struct nlattr *nest,
			    struct ovx_service_stats *st)
{
	struct nlattr *tb[OVX_A_SERVICE_STATS_MAX + 1];
	uint64_t *v[] = { &st->upcalls, &st->ratelimited, &st->unqueued,
			  &st->sent };
	size_t i;
	int err;

	memset(st, 0, sizeof(*st));
	if (ovx_nl_parse_nested(tb, OVX_A_SERVICE_STATS_MAX, nest,
				service_stats_policy))
		return -EBADMSG;
	/* Counters a newer kernel adds are skipped, missing ones are 0. */
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		err = ovx_attr_u64(tb, OVX_A_SERVICE_STATS_UPCALLS + (int)i,
				   v[i]);
		if (err && err != -ENODATA)
			return -EBADMSG;
	}
	return 0;
}

/* One element of an address list: a nest with addr4 or addr6. */
static int addr_parse(const struct nlattr *nest, struct ovx_addr *out)
{
	struct nlattr *tb[OVX_A_ADDR_MAX + 1];

	if (ovx_nl_parse_nested(tb, OVX_A_ADDR_MAX, nest, addr_policy))
		return -EBADMSG;
	return ovx_attr_addr(tb, OVX_A_ADDR_ADDR4, OVX_A_ADDR_ADDR6, out) ?
	       -EBADMSG : 0;
}

/*
 * A list attribute appears once per element (multi-attr), which nla_parse
 * keeps only the last of: walk the message's attributes for all of them.
 */
static int parse_addr_list(const struct nlmsghdr *nlh, int type,
			   struct ovx_addr *out, size_t *n)
{
	const struct genlmsghdr *genl = nlmsg_data(nlh);
	struct nlattr *nla;
	int rem;

	*n = 0;
	nla_for_each_attr(nla, genlmsg_attrdata(genl, 0),
			  genlmsg_attrlen(genl, 0), rem) {
		if (nla_type(nla) != type)
			continue;
		if (*n == OVX_DNS_SERVERS_MAX ||
		    addr_parse(nla, &out[*n]))
			return -EBADMSG;
		(*n)++;
	}
	return 0;
}

static int put_addr_list(struct nl_msg *msg, int type,
			 const struct ovx_addr *addrs, int n)
{
	struct nlattr *nest;
	int i, err;

	/*
	 * One empty element stands for the empty list (put by hand: libnl's
	 * nla_nest_end() drops an empty nest).
	 */
	if (!n)
		return nla_put(msg, type | NLA_F_NESTED, 0, NULL) ? -ENOMEM : 0;
	for (i = 0; i < n; i++) {
		nest = nla_nest_start(msg, type | NLA_F_NESTED);
		if (!nest)
			return -ENOMEM;
		err = ovx_put_addr(msg, OVX_A_ADDR_ADDR4, OVX_A_ADDR_ADDR6,
				   &addrs[i]);
		if (err)
			return err;
		nla_nest_end(msg, nest);
	}
	return 0;
}

static int check_addr_list(const struct ovx_addr *addrs, int n)
{
	int i;

	if (n < -1 || n > OVX_DNS_SERVERS_MAX || (n > 0 && !addrs))
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (addrs[i].family != AF_INET && addrs[i].family != AF_INET6)
			return -EINVAL;
	return 0;
}

int ovx_net_parse_services(const struct nlmsghdr *nlh,
			   struct nlattr *const *tb, struct ovx_net *net)
{
	uint8_t v;
	int err;

	if (!tb[OVX_A_NET_DHCP])
		return 0;	/* a kernel without services */
	net->has_services = true;
	if (ovx_attr_u8(tb, OVX_A_NET_DHCP, &v) || v > 1)
		return -EBADMSG;
	net->dhcp = v;
	if (ovx_attr_u8(tb, OVX_A_NET_DNS, &v) || v > 1)
		return -EBADMSG;
	net->dns = v;
	if (ovx_attr_u32(tb, OVX_A_NET_LEASE, &net->lease))
		return -EBADMSG;
	err = ovx_attr_name(tb, OVX_A_NET_DOMAIN, net->domain,
			    sizeof(net->domain));
	if (err && err != -ENODATA)
		return -EBADMSG;
	err = ovx_attr_u8(tb, OVX_A_NET_SERVICE_PREFIX_LEN4,
			  &net->service_prefix_len4);
	if (!err)
		err = ovx_attr_u8(tb, OVX_A_NET_SERVICE_PREFIX_LEN6,
				  &net->service_prefix_len6);
	if (err || net->service_prefix_len4 > 32 ||
	    net->service_prefix_len6 > 128)
		return -EBADMSG;
	if (tb[OVX_A_NET_SERVICE4]) {
		net->service4.family = AF_INET;
		if (ovx_attr_bin(tb, OVX_A_NET_SERVICE4, &net->service4.u.v4,
				 4))
			return -EBADMSG;
	}
	if (tb[OVX_A_NET_SERVICE6]) {
		net->service6.family = AF_INET6;
		if (ovx_attr_bin(tb, OVX_A_NET_SERVICE6, &net->service6.u.v6,
				 16))
			return -EBADMSG;
	}
	if (tb[OVX_A_NET_SERVICE_MAC]) {
		if (ovx_attr_bin(tb, OVX_A_NET_SERVICE_MAC, net->service_mac,
				 6))
			return -EBADMSG;
		net->has_service_mac = true;
	}
	if (tb[OVX_A_NET_SERVICE]) {
		if (ovx_service_stats_parse(tb[OVX_A_NET_SERVICE],
					    &net->service_stats))
			return -EBADMSG;
		net->has_service_stats = true;
	}
	return parse_addr_list(nlh, OVX_A_NET_DNS_SERVER, net->dns_servers,
			       &net->n_dns_servers);
}

/* A domain name: labels of 1 to 63 letters, digits and '-' (as the kernel's). */
static bool domain_ok(const char *d)
{
	size_t len = strnlen(d, OVX_DOMAIN_SIZ), label = 0, i;

	if (len >= OVX_DOMAIN_SIZ)
		return false;
	if (!len)
		return true;	/* the default */
	for (i = 0; i < len; i++) {
		char c = d[i];

		if (c == '.') {
			if (!label)
				return false;
			label = 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-'))
			return false;
		if (++label > 63)
			return false;
	}
	return label > 0;
}

int ovx_net_check_services(const struct ovx_net_config *cfg)
{
	if (cfg->dhcp < -1 || cfg->dhcp > 1 || cfg->dns < -1 || cfg->dns > 1)
		return -EINVAL;
	if (cfg->domain && !domain_ok(cfg->domain))
		return -EINVAL;
	if (cfg->lease != -1 && (cfg->lease < LEASE_MIN ||
				 cfg->lease > LEASE_MAX))
		return -EINVAL;
	if (check_addr_list(cfg->dns_servers, cfg->n_dns_servers))
		return -EINVAL;
	if (cfg->service) {
		int max = cfg->service->family == AF_INET ? 32 : 128;

		if (cfg->service->family != AF_INET &&
		    cfg->service->family != AF_INET6)
			return -EINVAL;
		if (cfg->service_prefix_len < -1 ||
		    cfg->service_prefix_len > max)
			return -EINVAL;
	} else if (cfg->service_prefix_len != -1) {
		return -EINVAL;
	}
	if (cfg->service_mac && ((cfg->service_mac[0] & 1) ||
				 !memcmp(cfg->service_mac,
					 "\0\0\0\0\0\0", 6)))
		return -EINVAL;
	return 0;
}

static int put_service(struct nl_msg *msg, const struct ovx_net_config *cfg)
{
	const struct ovx_addr *a = cfg->service;
	uint8_t mac[6];
	int len = cfg->service_prefix_len;

	if (a->family == AF_INET) {
		if (nla_put(msg, OVX_A_NET_SERVICE4, 4, &a->u.v4) ||
		    (len >= 0 && nla_put_u8(msg, OVX_A_NET_SERVICE_PREFIX_LEN4,
					    (uint8_t)len)))
			return -ENOMEM;
	} else {
		if (nla_put(msg, OVX_A_NET_SERVICE6, 16, &a->u.v6) ||
		    (len >= 0 && nla_put_u8(msg, OVX_A_NET_SERVICE_PREFIX_LEN6,
					    (uint8_t)len)))
			return -ENOMEM;
	}
	if (cfg->service_mac)
		memcpy(mac, cfg->service_mac, 6);
	else if (ovx_service_default_mac(cfg->name, mac))
		return -EINVAL;
	return nla_put(msg, OVX_A_NET_SERVICE_MAC, 6, mac) ? -ENOMEM : 0;
}

int ovx_net_put_services(struct nl_msg *msg, const struct ovx_net_config *cfg)
{
	int err;

	err = ovx_net_check_services(cfg);
	if (err)
		return err;
	if ((cfg->dhcp >= 0 &&
	     nla_put_u8(msg, OVX_A_NET_DHCP, (uint8_t)cfg->dhcp)) ||
	    (cfg->dns >= 0 &&
	     nla_put_u8(msg, OVX_A_NET_DNS, (uint8_t)cfg->dns)) ||
	    (cfg->domain &&
	     nla_put_string(msg, OVX_A_NET_DOMAIN, cfg->domain)) ||
	    (cfg->lease >= 0 &&
	     nla_put_u32(msg, OVX_A_NET_LEASE, (uint32_t)cfg->lease)))
		return -ENOMEM;
	if (cfg->n_dns_servers >= 0) {
		err = put_addr_list(msg, OVX_A_NET_DNS_SERVER,
				    cfg->dns_servers, cfg->n_dns_servers);
		if (err)
			return err;
	}
	return cfg->service ? put_service(msg, cfg) : 0;
}

int ovx_switch_parse_services(const struct nlmsghdr *nlh,
			      struct nlattr *const *tb, struct ovx_switch *sw)
{
	if (!tb[OVX_A_SWITCH_SERVICE_RATE])
		return 0;
	sw->has_services = true;
	if (ovx_attr_u32(tb, OVX_A_SWITCH_SERVICE_RATE, &sw->service_rate) ||
	    ovx_attr_u32(tb, OVX_A_SWITCH_SERVICE_BURST, &sw->service_burst))
		return -EBADMSG;
	if (tb[OVX_A_SWITCH_LISTENER] &&
	    ovx_attr_u32(tb, OVX_A_SWITCH_LISTENER, &sw->listener))
		return -EBADMSG;
	if (tb[OVX_A_SWITCH_SERVICE]) {
		if (ovx_service_stats_parse(tb[OVX_A_SWITCH_SERVICE],
					    &sw->service_stats))
			return -EBADMSG;
		sw->has_service_stats = true;
	}
	return parse_addr_list(nlh, OVX_A_SWITCH_DNS_UPSTREAM,
			       sw->dns_upstream, &sw->n_dns_upstream);
}

OVX_EXPORT int ovx_switch_set(struct ovx_ctx *ctx,
			      const struct ovx_switch_set_config *cfg)
{
	struct ovx_switch_set_config full;
	struct nl_msg *msg;
	int err;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	if (!cfg)
		return -EINVAL;
	ovx_switch_set_config_init(&full, NULL);
	err = ovx_sized_in(&full, sizeof(full), cfg, sizeof(full));
	if (err)
		return err;
	if (!full.name == !full.ifindex || full.ifindex < 0 ||
	    (full.name && !ovx_name_ok(full.name, OVX_IFNAMSIZ)))
		return -EINVAL;
	if ((full.service_rate != -1 &&
	     (full.service_rate < 1 || full.service_rate > RATE_MAX)) ||
	    (full.service_burst != -1 &&
	     (full.service_burst < 1 || full.service_burst > RATE_MAX)) ||
	    check_addr_list(full.dns_upstream, full.n_dns_upstream))
		return -EINVAL;

	msg = ovx_nl_msg(ctx, OVX_CMD_SWITCH_SET, 0);
	if (!msg)
		return -ENOMEM;
	err = -ENOMEM;
	if (full.ifindex &&
	    nla_put_u32(msg, OVX_A_SWITCH_IFINDEX, (uint32_t)full.ifindex))
		goto fail;
	if (full.name && nla_put_string(msg, OVX_A_SWITCH_IFNAME, full.name))
		goto fail;
	if (full.service_rate != -1 &&
	    nla_put_u32(msg, OVX_A_SWITCH_SERVICE_RATE,
			(uint32_t)full.service_rate))
		goto fail;
	if (full.service_burst != -1 &&
	    nla_put_u32(msg, OVX_A_SWITCH_SERVICE_BURST,
			(uint32_t)full.service_burst))
		goto fail;
	if (full.n_dns_upstream >= 0) {
		err = put_addr_list(msg, OVX_A_SWITCH_DNS_UPSTREAM,
				    full.dns_upstream, full.n_dns_upstream);
		if (err)
			goto fail;
	}
	return ovx_nl_request(ctx, msg, NULL, NULL);
fail:
	nlmsg_free(msg);
	return err;
}

OVX_EXPORT int ovx_service_default_mac(const char *net, uint8_t mac[6])
{
	int err;

	if (!ovx_name_ok(net, OVX_NET_NAMSIZ))
		return -EINVAL;
	err = ovx_router_default_mac(net, mac);
	/*
	 * Another locally administered prefix than routers': a network and
	 * a router of the same name must not share a MAC.
	 */
	if (!err)
		mac[0] = 0x06;
	return err;
}
