/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * How `ovx service show` asks ovxd for its counters: a connection to an
 * abstract Unix socket, which exists per network namespace as ovxd
 * serves its namespace.  The client sends "status\n"; ovxd answers with
 * one line per network,
 *
 *	net NAME KEY VALUE [KEY VALUE]...
 *
 * where each KEY is SERVICE_COUNTER (dhcp_offer, dns_cache_hits...), then
 * one line "ovxd KEY VALUE..." about itself, and closes the connection.
 * Plain text: the CLI needs no JSON parser, and unknown keys from a newer
 * ovxd are shown as they come.
 */
#ifndef OVX_SVC_STATUS_H
#define OVX_SVC_STATUS_H

#define OVXD_STATUS_SOCKET	"ovxd"	/* abstract: "\0ovxd" */
#define OVXD_STATUS_MAX		(256 * 1024)

#endif
