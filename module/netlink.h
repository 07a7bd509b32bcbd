/* SPDX-License-Identifier: GPL-2.0-only */
/* ovx: the generic netlink family. */
#ifndef _OVX_NETLINK_H
#define _OVX_NETLINK_H

#include <net/genetlink.h>

struct in6_addr;
struct ovx_addr;
struct ovx_fdb_entry;
struct ovx_neigh;
struct ovx_network;
struct ovx_port;
struct ovx_pcpu_stats;
struct ovx_dev;
struct ovx_net_svc;
struct ovx_svc_stats;

extern struct genl_family ovx_nl_family;

int ovx_netlink_init(void);
void ovx_netlink_uninit(void);

int ovx_nl_put_stats(struct sk_buff *skb, int attr,
		     struct ovx_pcpu_stats __percpu *pcpu);
int ovx_nl_fdb_fill(struct sk_buff *skb, struct ovx_network *n,
		    struct ovx_fdb_entry *f, u32 portid, u32 seq, int flags,
		    u8 cmd, int event, struct netlink_callback *cb);
int ovx_nl_port_fill(struct sk_buff *skb, struct ovx_port *p, u32 portid,
		     u32 seq, int flags, u8 cmd);
void ovx_nl_fdb_notify(struct ovx_network *n, struct ovx_fdb_entry *f,
		       int event, bool limited);
void ovx_nl_port_notify(struct ovx_port *p, u8 cmd);
void ovx_nl_neigh_notify(struct ovx_network *n, const struct ovx_neigh *e,
			 int event, bool limited);
void ovx_nl_neigh_miss(struct ovx_network *n, const struct in6_addr *addr);
int ovx_nl_peer_get_dumpstart(struct netlink_callback *cb);
int ovx_nl_router_get_dumpstart(struct netlink_callback *cb);
int ovx_nl_addr(struct genl_info *info, int type4, int type6,
		struct ovx_addr *addr);
struct ovx_network *ovx_nl_network(struct genl_info *info, int type, bool rcu);
bool ovx_nl_name_ok(const char *name);
int ovx_nl_put_in6(struct sk_buff *skb, int type4, int type6,
		   const struct in6_addr *a);
int ovx_nl_svc_put_stats(struct sk_buff *skb, int attr,
			 const struct ovx_svc_stats *st);
int ovx_nl_svc_net_fill(struct sk_buff *skb, struct ovx_network *n);
int ovx_nl_svc_dev_fill(struct sk_buff *skb, struct ovx_dev *ovx);
bool ovx_nl_svc_net_given(struct nlattr **attrs);
int ovx_nl_svc_net_parse(struct genl_info *info, struct ovx_net_svc *s);

#endif /* _OVX_NETLINK_H */
