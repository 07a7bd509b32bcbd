// SPDX-License-Identifier: GPL-2.0-only
/*
 * ovx: building and checking tunnel headers.  A switch speaks one
 * encapsulation: VXLAN (RFC 7348), or Geneve (RFC 8926) with one option of
 * ovx's own that carries the logical port a frame entered the overlay on.
 */

#include <linux/etherdevice.h>
#include <linux/if_ether.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/gro.h>
#include <net/ip.h>
#include <net/vxlan.h>
#include <uapi/linux/ovx.h>

#include "compat.h"
#include "encap.h"
#include "ovx.h"

/*
 * Geneve's header and option header as on the wire (RFC 8926, 3.4 and
 * 3.5), with explicit masks rather than endian-dependent bitfields.
 */
struct ovx_genevehdr {
	u8 ver_opt_len;		/* version: 2 bits, options: 6 bits of words */
	u8 flags;		/* OVX_GENEVE_F_* and reserved bits */
	__be16 proto_type;
	u8 vni[3];
	u8 rsvd;
};

#define OVX_GENEVE_VER(h)	((h)->ver_opt_len >> 6)
#define OVX_GENEVE_OPT_LEN(h)	(((h)->ver_opt_len & 0x3f) * 4)
#define OVX_GENEVE_F_OAM	0x80
#define OVX_GENEVE_F_CRITICAL	0x40

struct ovx_geneve_opt {
	__be16 opt_class;
	u8 type;		/* OVX_GENEVE_TYPE_CRITICAL and the type */
	u8 length;		/* reserved: 3 bits, data: 5 bits of words */
};

#define OVX_GENEVE_TYPE_CRITICAL	0x80
#define OVX_GENEVE_OPT_DATA_LEN(o)	(((o)->length & 0x1f) * 4)

/* ovx's Geneve option: the source port number, 4 bytes of data. */
struct ovx_geneve_src_port {
	struct ovx_geneve_opt hdr;
	__be32 port;
};

#define OVX_GENEVE_HLEN	(sizeof(struct ovx_genevehdr) + \
			 sizeof(struct ovx_geneve_src_port))

/* Geneve's option length field counts 4-byte words, at most 63 of them. */
#define OVX_GENEVE_OPT_MAX	(63 * 4)

/* UDP and tunnel headers in front of the inner Ethernet frame. */
unsigned int ovx_encap_hlen(const struct ovx_dev_cfg *cfg)
{
	return sizeof(struct udphdr) + (cfg->encap == OVX_ENCAP_GENEVE ?
					OVX_GENEVE_HLEN :
					sizeof(struct vxlanhdr));
}

/* Everything added to an inner frame's IP packet: outer IP, UDP, tunnel, inner Ethernet. */
unsigned int ovx_encap_overhead(const struct ovx_dev_cfg *cfg)
{
	return (cfg->local.family == AF_INET6 ? sizeof(struct ipv6hdr) :
						 sizeof(struct iphdr)) +
	       ovx_encap_hlen(cfg) + ETH_HLEN;
}

static void ovx_vxlan_push(struct sk_buff *skb, u32 vni)
{
	struct vxlanhdr *vxh = __skb_push(skb, sizeof(*vxh));

	vxh->vx_flags = VXLAN_HF_VNI;
	vxh->vx_vni = cpu_to_be32(vni << 8);
}

static void ovx_geneve_push(struct sk_buff *skb, u32 vni, u32 src_port)
{
	struct ovx_genevehdr *gnvh = __skb_push(skb, OVX_GENEVE_HLEN);
	struct ovx_geneve_src_port *opt = (void *)(gnvh + 1);

	memset(gnvh, 0, OVX_GENEVE_HLEN);
	gnvh->ver_opt_len = sizeof(*opt) / 4;	/* version 0 */
	gnvh->proto_type = htons(ETH_P_TEB);
	gnvh->vni[0] = vni >> 16;
	gnvh->vni[1] = vni >> 8;
	gnvh->vni[2] = vni;
	opt->hdr.opt_class = htons(OVX_GENEVE_CLASS);
	opt->hdr.type = OVX_GENEVE_TYPE_SRC_PORT;	/* not critical */
	opt->hdr.length = sizeof(opt->port) / 4;
	opt->port = htonl(src_port);
}

/**
 * ovx_encap_push() - push the tunnel header in front of an inner frame
 * @cfg: the switch's settings
 * @skb: the frame, with ovx_encap_hlen() bytes of headroom and more
 * @vni: its network's VNI
 * @src_port: the logical port it came in on
 */
void ovx_encap_push(const struct ovx_dev_cfg *cfg, struct sk_buff *skb,
		    u32 vni, u32 src_port)
{
	if (cfg->encap == OVX_ENCAP_GENEVE)
		ovx_geneve_push(skb, vni, src_port);
	else
		ovx_vxlan_push(skb, vni);
}

static bool ovx_vxlan_parse(struct sk_buff *skb, struct ovx_encap_info *info,
			    enum ovx_drop_reason *reason)
{
	const struct vxlanhdr *vxh;

	info->hlen = VXLAN_HLEN;
	if (!pskb_may_pull(skb, info->hlen + ETH_HLEN)) {
		*reason = OVX_DROP_TUNNEL_SHORT;
		return false;
	}
	vxh = (const struct vxlanhdr *)(udp_hdr(skb) + 1);
	/* No extension (GBP, GPE...) is understood: only the I flag. */
	if (vxh->vx_flags != VXLAN_HF_VNI || (vxh->vx_vni & ~VXLAN_VNI_MASK)) {
		*reason = OVX_DROP_TUNNEL_BAD_FLAGS;
		return false;
	}
	info->vni = be32_to_cpu(vxh->vx_vni) >> 8;
	info->src_port = 0;
	return true;
}

/*
 * Walk the options, which pskb_may_pull() made linear: ours is read,
 * unknown ones are skipped unless critical (RFC 8926, section 3.5.1), and
 * no option may reach past the length the header announced.
 */
static bool ovx_geneve_options(const struct ovx_genevehdr *gnvh,
			       unsigned int len, struct ovx_encap_info *info,
			       enum ovx_drop_reason *reason)
{
	const u8 *p = (const u8 *)(gnvh + 1);
	unsigned int off = 0;

	while (off < len) {
		const struct ovx_geneve_opt *opt = (const void *)(p + off);
		unsigned int dlen;

		if (len - off < sizeof(*opt))
			goto bad;
		dlen = OVX_GENEVE_OPT_DATA_LEN(opt);
		if (len - off - sizeof(*opt) < dlen)
			goto bad;
		if (opt->opt_class == htons(OVX_GENEVE_CLASS) &&
		    opt->type == OVX_GENEVE_TYPE_SRC_PORT) {
			__be32 port;

			if (dlen != sizeof(port))
				goto bad;
			memcpy(&port, opt + 1, sizeof(port));
			info->src_port = ntohl(port);
		} else if (opt->type & OVX_GENEVE_TYPE_CRITICAL) {
			*reason = OVX_DROP_TUNNEL_CRITICAL_OPTION;
			return false;
		}
		off += sizeof(*opt) + dlen;
	}
	return true;
bad:
	*reason = OVX_DROP_TUNNEL_BAD_OPTION;
	return false;
}

static bool ovx_geneve_parse(struct sk_buff *skb, struct ovx_encap_info *info,
			     enum ovx_drop_reason *reason)
{
	const struct ovx_genevehdr *gnvh;
	unsigned int opt_len;

	if (!pskb_may_pull(skb, sizeof(struct udphdr) + sizeof(*gnvh))) {
		*reason = OVX_DROP_TUNNEL_SHORT;
		return false;
	}
	gnvh = (const struct ovx_genevehdr *)(udp_hdr(skb) + 1);
	/* Version 0 only; control (OAM) packets are not frames to switch. */
	if (OVX_GENEVE_VER(gnvh) != 0 || (gnvh->flags & OVX_GENEVE_F_OAM) ||
	    gnvh->proto_type != htons(ETH_P_TEB)) {
		*reason = OVX_DROP_TUNNEL_BAD_FLAGS;
		return false;
	}
	opt_len = OVX_GENEVE_OPT_LEN(gnvh);
	info->hlen = sizeof(struct udphdr) + sizeof(*gnvh) + opt_len;
	if (!pskb_may_pull(skb, info->hlen + ETH_HLEN)) {
		*reason = OVX_DROP_TUNNEL_SHORT;
		return false;
	}
	gnvh = (const struct ovx_genevehdr *)(udp_hdr(skb) + 1);
	info->vni = (gnvh->vni[0] << 16) | (gnvh->vni[1] << 8) | gnvh->vni[2];
	info->src_port = 0;
	return ovx_geneve_options(gnvh, opt_len, info, reason);
}

/**
 * ovx_encap_parse() - check a tunnel header
 * @cfg: the switch's settings
 * @skb: a packet of the switch's socket, data at its UDP header
 * @info: filled in when the header is good
 * @reason: filled in when it is not
 *
 * On success the tunnel headers and the inner Ethernet header are linear.
 *
 * Return: whether the packet may be decapsulated.
 */
bool ovx_encap_parse(const struct ovx_dev_cfg *cfg, struct sk_buff *skb,
		     struct ovx_encap_info *info, enum ovx_drop_reason *reason)
{
	BUILD_BUG_ON(sizeof(struct ovx_genevehdr) != 8);
	BUILD_BUG_ON(OVX_GENEVE_HLEN - sizeof(struct ovx_genevehdr) > OVX_GENEVE_OPT_MAX);
	if (cfg->encap == OVX_ENCAP_GENEVE)
		return ovx_geneve_parse(skb, info, reason);
	return ovx_vxlan_parse(skb, info, reason);
}

/*
 * GRO: the tunnel header's length, if @h (its first 8 bytes) starts one
 * that decapsulation could accept, else 0.  Only the fixed part is checked
 * here; options and everything else are checked once, after GRO, on the
 * merged packet (ovx_encap_parse()).
 */
static unsigned int ovx_gro_hlen(const struct ovx_dev_cfg *cfg, const void *h)
{
	if (cfg->encap == OVX_ENCAP_GENEVE) {
		const struct ovx_genevehdr *gnvh = h;

		if (OVX_GENEVE_VER(gnvh) != 0 ||
		    (gnvh->flags & OVX_GENEVE_F_OAM) ||
		    gnvh->proto_type != htons(ETH_P_TEB))
			return 0;
		return sizeof(*gnvh) + OVX_GENEVE_OPT_LEN(gnvh);
	} else {
		const struct vxlanhdr *vxh = h;

		if (vxh->vx_flags != VXLAN_HF_VNI ||
		    (vxh->vx_vni & ~VXLAN_VNI_MASK))
			return 0;
		return sizeof(*vxh);
	}
}

/**
 * ovx_gro_receive() - the tunnel socket's gro_receive
 * @sk: the switch's socket
 * @head: packets GRO holds
 * @skb: a new packet, GRO offset at its tunnel header
 *
 * The outer IP and UDP layers have already told flows apart by addresses
 * and ports.  Packets of one flow merge only when their tunnel headers,
 * options included, are identical (same VNI, same source port id); the
 * inner frames are then Ethernet's business.  Called in softirq context
 * under rcu_read_lock.
 *
 * Return: as any gro_receive.
 */
struct sk_buff *ovx_gro_receive(struct sock *sk, struct list_head *head,
				struct sk_buff *skb)
{
	unsigned int off = skb_gro_offset(skb), hlen;
	struct sk_buff *pp = NULL, *p;
	struct ovx_dev *ovx;
	const void *h;
	int flush = 1;
	u16 outer_nh;

	BUILD_BUG_ON(sizeof(struct ovx_genevehdr) != sizeof(struct vxlanhdr));
	ovx = rcu_dereference_sk_user_data(sk);
	if (!ovx)
		goto out;
	h = skb_gro_header(skb, off + sizeof(struct vxlanhdr), off);
	if (!h)
		goto out;
	hlen = ovx_gro_hlen(&ovx->cfg, h);
	if (!hlen)
		goto out;
	h = skb_gro_header(skb, off + hlen, off);
	if (!h)
		goto out;
	list_for_each_entry(p, head, list) {
		const void *ph = p->data + off;

		if (!NAPI_GRO_CB(p)->same_flow)
			continue;
		/* Equal first words mean equal option lengths. */
		if (memcmp(h, ph, sizeof(struct vxlanhdr)) ||
		    memcmp(h, ph, hlen))
			NAPI_GRO_CB(p)->same_flow = 0;
	}
	skb_gro_pull(skb, hlen);
	skb_gro_postpull_rcsum(skb, h, hlen);
	outer_nh = skb->network_header;
	pp = call_gro_receive(eth_gro_receive, head, skb);
	ovx_compat_gro_keep_outer_nh(skb, outer_nh);
	flush = 0;
out:
	skb_gro_flush_final(skb, pp, flush);
	return pp;
}

/**
 * ovx_gro_complete() - the tunnel socket's gro_complete
 * @sk: the switch's socket
 * @skb: a merged packet
 * @nhoff: the offset of its tunnel header
 *
 * Return: 0, or a negative error, as any gro_complete.
 */
int ovx_gro_complete(struct sock *sk, struct sk_buff *skb, int nhoff)
{
	struct ovx_dev *ovx = rcu_dereference_sk_user_data(sk);
	unsigned int hlen;

	if (!ovx)
		return -ENOENT;
	hlen = ovx_gro_hlen(&ovx->cfg, skb->data + nhoff);
	if (!hlen)
		return -EINVAL;
	ovx_compat_gro_inner_nh(skb);
	return eth_gro_complete(skb, nhoff + hlen);
}
