/* SPDX-License-Identifier: GPL-2.0-only */
/* ovx: the forwarding database of a network. */
#ifndef _OVX_FDB_H
#define _OVX_FDB_H

#include <linux/if_ether.h>
#include <linux/rhashtable-types.h>
#include <uapi/linux/ovx.h>

struct ovx_fdb;
struct ovx_network;
struct ovx_peer;
struct ovx_port;

/* Internal flag, beside the uapi's enum ovx_fdb_flags: removed, freed soon. */
#define OVX_FDB_DEAD	0x8000

/* One MAC address of a network, and where frames to it go.  At most 128 bytes. */
struct ovx_fdb_entry {
	struct rhash_head node;		/* ovx_fdb.ht */
	struct list_head list;		/* ovx_fdb.entries */
	/*
	 * The table's key is the address and two zero bytes: a key of whole
	 * words is hashed by the inline jhash2() and compared as one word,
	 * where a 6-byte key costs calls to jhash() and memcmp() per lookup.
	 */
	union {
		u8 mac[ETH_ALEN];
		u64 key;		/* ovx_fdb_key() */
	};
	/* The destination: exactly one is set, except briefly in a move. */
	struct ovx_port __rcu *port;	/* a local port; fdb lock writes */
	struct ovx_peer __rcu *peer;	/* or a peer; fdb lock writes */
	unsigned long updated;		/* jiffies of the last sighting */
	u32 remote_port;		/* logical port behind @peer, or 0 */
	u16 flags;			/* OVX_FDB_FLAGS_*, OVX_FDB_DEAD; fdb lock */
	struct rcu_head rcu;
};

int ovx_fdb_cache_init(void);
void ovx_fdb_cache_uninit(void);
int ovx_fdb_init(struct ovx_fdb *fdb);
void ovx_fdb_uninit(struct ovx_network *net);

struct ovx_fdb_entry *ovx_fdb_lookup_rcu(struct ovx_fdb *fdb, const u8 *mac);
bool ovx_fdb_learn_rcu(struct ovx_network *net, const u8 *mac,
		       struct ovx_port *port, struct ovx_peer *peer,
		       u32 remote_port);
int ovx_fdb_add_static(struct ovx_network *net, const u8 *mac,
		       struct ovx_port *port, struct ovx_peer *peer);
int ovx_fdb_del(struct ovx_network *net, const u8 *mac);
unsigned int ovx_fdb_flush_match(struct ovx_network *net,
				 struct ovx_port *port, struct ovx_peer *peer,
				 bool learned_only);

static inline unsigned int ovx_fdb_flush(struct ovx_network *net,
					 struct ovx_port *port,
					 struct ovx_peer *peer)
{
	return ovx_fdb_flush_match(net, port, peer, false);
}

#endif /* _OVX_FDB_H */
