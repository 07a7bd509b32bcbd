/* SPDX-License-Identifier: GPL-2.0-only */
/* ovx: the forwarding database of a network. */
#ifndef _OVX_FDB_H
#define _OVX_FDB_H

#include <linux/if_ether.h>
#include <linux/rhashtable-types.h>
#include <uapi/linux/ovx.h>

#include "stats.h"

struct ovx_fdb;
struct ovx_network;
struct ovx_peer;
struct ovx_port;

/* Internal flags, beside the uapi's enum ovx_fdb_flags: removed, freed soon; */
#define OVX_FDB_DEAD	0x8000
/*
 * and moved away from a local port by a peer's move announcement: frames
 * for it that other peers still send here go on to its new host for
 * OVX_FDB_REDIRECT_TIME (they were in flight, or sent before the
 * announcement reached their host, or from one that missed it and waits
 * for its control plane).
 */
#define OVX_FDB_REDIRECT	0x4000
#define OVX_FDB_REDIRECT_TIME	(30 * HZ)

/*
 * One MAC address of a network, and where frames to it go: one cache line
 * (checked at build time), so a lookup touches a single line.  Only the
 * FDB lock walks @list, never a lockless reader: once an entry is unlinked
 * nothing reads @list again, and its memory holds the RCU callback.
 */
struct ovx_fdb_entry {
	struct rhash_head node;		/* ovx_fdb.ht */
	union {
		struct list_head list;	/* ovx_fdb.entries; fdb lock */
		struct rcu_head rcu;	/* once unlinked */
	};
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
	/*
	 * Move sequence of the address: 16 bits, for the entry to stay one
	 * cache line, compared modulo 2^16 (ovx_seq_after()); fdb lock.
	 */
	u16 seq;
};

/* Whether move sequence @a is later than @b (serial number arithmetic). */
static inline bool ovx_seq_after(u16 a, u16 b)
{
	return (s16)(a - b) > 0;
}

/*
 * A learnt entry that its local port refreshed less than this long ago is
 * not moved to a peer by a frame from the tunnel (a spoofed or looped
 * source); a guest that has really left stops refreshing it, and after
 * this long the first frame from its new place moves the entry.
 */
#define OVX_FDB_HOLD		(2 * HZ)

/* At most this many learn, move and age events a second per network. */
#define OVX_FDB_EVENTS_PER_SEC	512

int ovx_fdb_cache_init(void);
void ovx_fdb_cache_uninit(void);
int ovx_fdb_init(struct ovx_fdb *fdb);
void ovx_fdb_uninit(struct ovx_network *net);

struct ovx_fdb_entry *ovx_fdb_lookup_rcu(struct ovx_fdb *fdb, const u8 *mac);
enum ovx_drop_reason ovx_fdb_learn_rcu(struct ovx_network *net, const u8 *mac,
				       struct ovx_port *port, struct ovx_peer *peer,
				       u32 remote_port);
u32 ovx_fdb_dest_max(const struct ovx_network *net);
struct ovx_fdb_entry *ovx_fdb_lookup(struct ovx_fdb *fdb, const u8 *mac);
int ovx_fdb_add_static(struct ovx_network *net, const u8 *mac,
		       struct ovx_port *port, struct ovx_peer *peer, u16 seq);
int ovx_fdb_move_seq(struct ovx_network *net, const u8 *mac,
		     struct ovx_port *port, struct ovx_peer *peer, u16 seq);
bool ovx_fdb_redirects(const struct ovx_fdb_entry *f,
		       const struct ovx_peer *to, const struct ovx_peer *from);
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
