/* SPDX-License-Identifier: GPL-2.0-only */
/* DHCPv4 (RFC 2131/2132) and IPv6 router advertisements for guests. */
#ifndef OVX_SVC_DHCP_H
#define OVX_SVC_DHCP_H

#include "svc.h"

#define SVC_FRAME_MAX	1600	/* replies ovxd builds fit a standard frame */

/*
 * dhcp4_handle() - answer a DHCPv4 frame from a guest on @port
 * @frame: the whole Ethernet frame the kernel handed up (service dhcp4)
 * @out: SVC_FRAME_MAX bytes for the reply frame
 *
 * The guest's address is the port's first IPv4 address (its static
 * binding); a port without one gets no offer.  Replies go to the client's
 * MAC directly (the port leads only to it), to the broadcast IP when the
 * client asked for it or has no address yet.  Counts into @c.
 *
 * Return: the reply's length, 0 when there is nothing to send (RELEASE,
 * DECLINE, no binding, not for us), -1 for a malformed frame (counted).
 */
int dhcp4_handle(const struct svc_net *net, const struct svc_port *port,
		 const uint8_t *frame, size_t len, uint8_t *out,
		 struct svc_counters *c);

/*
 * ra_handle_rs() - answer a router solicitation (service rs) with a
 * router advertisement to the soliciting guest.  Return as dhcp4_handle().
 */
int ra_handle_rs(const struct svc_net *net, const struct svc_port *port,
		 const uint8_t *frame, size_t len, uint8_t *out,
		 struct svc_counters *c);

/*
 * ra_build() - an unsolicited router advertisement for @port, to
 * all-nodes (sent periodically by ovxd).  Return: its length, 0 when the
 * network has nothing to advertise (no IPv6 prefix).
 */
int ra_build(const struct svc_net *net, const struct svc_port *port,
	     uint8_t *out);

#endif
