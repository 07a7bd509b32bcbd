/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What topo.c, yaml.c and json.c share and nobody else needs: error
 * collection, the scalar parsers (one syntax for the file and for etcd's
 * JSON) and the constructors that give unset settings their TOPO_UNSET.
 */
#ifndef OVX_TOPO_PRIV_H
#define OVX_TOPO_PRIV_H

#include <stdarg.h>

#include "topo.h"
#include "utils.h"

/* Past this many messages, one more says so and the rest are dropped. */
#define TOPO_ERRORS_MAX 100

void topo_err(struct topo_errors *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * @arr with one more zeroed element at its end, *@n counting it; NULL when
 * out of memory (then @arr is unchanged).  With @cap, room is doubled when
 * needed rather than added one element at a time.
 */
void *topo_grow(void *arr, size_t *n, size_t *cap, size_t size);

void topo_net_init(struct topo_net *n);
void topo_net_release(struct topo_net *n);
void topo_router_release(struct topo_router *r);
void topo_port_release(struct topo_port *p);
void topo_switch_init(struct topo_switch *sw);

/*
 * 0 or -1; the output is untouched on error.  Addresses and MACs are
 * parse_addr() and parse_mac() of cli/utils.c, as the command line's.
 */
int topo_parse_prefix(const char *s, struct topo_prefix *p);
int topo_parse_route_prefix(const char *s, const struct ovx_addr *via,
			    struct topo_prefix *p);
int topo_parse_bool(const char *s, int *v);
int topo_parse_service(const char *s, struct ovx_addr *a, int *len);
int topo_parse_encap(const char *s, int *encap);
const char *topo_encap_name(int encap);

#define TOPO_ADDR_LEN 46
#define TOPO_PREFIX_LEN 50
#define TOPO_MAC_LEN 18
char *topo_fmt_addr(const struct ovx_addr *a, char *buf, size_t len);
char *topo_fmt_prefix(const struct topo_prefix *p, char *buf, size_t len);
char *topo_fmt_mac(const uint8_t mac[6], char *buf, size_t len);
char *topo_fmt_service(const struct topo_net *n, char *buf, size_t len);

#endif /* OVX_TOPO_PRIV_H */
