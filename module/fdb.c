// SPDX-License-Identifier: GPL-2.0-only
/* ovx: the forwarding database of a network: lookup, learning, ageing. */

#include <linux/etherdevice.h>
#include <linux/jiffies.h>
#include <linux/rhashtable.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "fdb.h"
#include "netlink.h"
#include "ovx.h"
#include "peer.h"

static struct kmem_cache *ovx_fdb_cache __read_mostly;

/* Keys are single words: compare them as such, not with memcmp(). */
static int ovx_fdb_cmp(struct rhashtable_compare_arg *arg, const void *obj)
{
	const struct ovx_fdb_entry *f = obj;

	return f->key != *(const u64 *)arg->key;
}

static const struct rhashtable_params ovx_fdb_params = {
	.head_offset		= offsetof(struct ovx_fdb_entry, node),
	.key_offset		= offsetof(struct ovx_fdb_entry, key),
	.key_len		= sizeof(u64),
	.obj_cmpfn		= ovx_fdb_cmp,
	.automatic_shrinking	= true,
};

/* The ageing work looks at the table this often (at most). */
#define OVX_FDB_AGEING_PERIOD	HZ

/* The table's key of @mac (see struct ovx_fdb_entry). */
static __always_inline u64 ovx_fdb_key(const u8 *mac)
{
	u64 key = 0;

	memcpy(&key, mac, ETH_ALEN);
	return key;
}

struct ovx_fdb_entry *ovx_fdb_lookup_rcu(struct ovx_fdb *fdb, const u8 *mac)
{
	u64 key = ovx_fdb_key(mac);

	return rhashtable_lookup(&fdb->ht, &key, ovx_fdb_params);
}

/* Called with the FDB lock held: the entry stays in the table meanwhile. */
struct ovx_fdb_entry *ovx_fdb_lookup(struct ovx_fdb *fdb, const u8 *mac)
{
	u64 key = ovx_fdb_key(mac);

	lockdep_assert_held(&fdb->lock);
	return rhashtable_lookup_fast(&fdb->ht, &key, ovx_fdb_params);
}

/*
 * Called on every removal (of an entry, or of a network).  Dumps resume by
 * position in the insertion-ordered list: a removal shifts the entries
 * after it, while an insertion (at the tail) or a replacement (in place)
 * moves nothing that was already listed.
 */
static void ovx_fdb_removed(struct ovx_network *net)
{
	atomic_inc(&ovx_net(dev_net(net->ovx->dev))->fdb_seq);
}

static void ovx_fdb_entry_free_rcu(struct rcu_head *head)
{
	kmem_cache_free(ovx_fdb_cache,
			container_of(head, struct ovx_fdb_entry, rcu));
}

/*
 * The count of learnt entries behind the destination @port or @peer of
 * @net, which its cap bounds; NULL once a peer has left the network (its
 * entries are being flushed).  Called with the FDB lock held.
 */
static u32 *ovx_fdb_dest_count(struct ovx_network *net, struct ovx_port *port,
			       struct ovx_peer *peer)
{
	struct ovx_member *m;

	if (port)
		return &port->fdb_learned;
	if (!peer)
		return NULL;
	rcu_read_lock();
	m = ovx_member_lookup_rcu(net->ovx, net->vni, &peer->addr);
	rcu_read_unlock();
	/*
	 * Memberships are freed a grace period after they are unhashed, and
	 * the FDB lock, taken with bottom halves off, holds that off.
	 */
	return m ? &m->fdb_learned : NULL;
}

/*
 * The most learnt entries of a network behind one port or one peer: half
 * of the network's, so that one guest or one host flooding source
 * addresses cannot take the table from all others.
 */
u32 ovx_fdb_dest_max(const struct ovx_network *net)
{
	return max_t(u32, READ_ONCE(net->fdb_max) / 2, 1);
}

/* A learnt entry @f stops pointing to its destination; fdb lock held. */
static void ovx_fdb_dest_put(struct ovx_network *net, struct ovx_fdb_entry *f)
{
	u32 *count;

	if (f->flags & OVX_FDB_FLAGS_STATIC)
		return;
	count = ovx_fdb_dest_count(net, rcu_access_pointer(f->port),
				   rcu_access_pointer(f->peer));
	if (count && !WARN_ON_ONCE(!*count))
		WRITE_ONCE(*count, *count - 1);
}

/* Called with fdb->lock held. */
static void __ovx_fdb_remove(struct ovx_network *net, struct ovx_fdb_entry *f,
			     int event, bool limited)
{
	struct ovx_fdb *fdb = &net->fdb;

	lockdep_assert_held(&fdb->lock);
	f->flags |= OVX_FDB_DEAD;
	rhashtable_remove_fast(&fdb->ht, &f->node, ovx_fdb_params);
	list_del(&f->list);
	ovx_fdb_removed(net);
	if (f->flags & OVX_FDB_FLAGS_STATIC) {
		WRITE_ONCE(fdb->n_static, fdb->n_static - 1);
	} else {
		WRITE_ONCE(fdb->n_learned, fdb->n_learned - 1);
		ovx_fdb_dest_put(net, f);
	}
	ovx_nl_fdb_notify(net, f, event, limited);
	call_rcu(&f->rcu, ovx_fdb_entry_free_rcu);
}

static struct ovx_fdb_entry *ovx_fdb_entry_alloc(const u8 *mac,
						 struct ovx_port *port,
						 struct ovx_peer *peer, gfp_t gfp)
{
	struct ovx_fdb_entry *f = kmem_cache_zalloc(ovx_fdb_cache, gfp);

	if (f) {
		f->key = ovx_fdb_key(mac);
		f->updated = jiffies;
		RCU_INIT_POINTER(f->port, port);
		RCU_INIT_POINTER(f->peer, peer);
	}
	return f;
}

static bool ovx_fdb_points_to(const struct ovx_fdb_entry *f,
			      const struct ovx_port *port,
			      const struct ovx_peer *peer)
{
	return rcu_access_pointer(f->port) == port &&
	       rcu_access_pointer(f->peer) == peer;
}

/*
 * Whether a frame from @peer may take over @f: not while a local port
 * still refreshes it (see OVX_FDB_HOLD).  Moves between ports, between
 * peers, and from a peer to a port (the local sighting wins) are free.
 */
static bool ovx_fdb_move_held(const struct ovx_fdb_entry *f,
			      const struct ovx_peer *peer, unsigned long now)
{
	return peer && rcu_access_pointer(f->port) &&
	       time_before(now, READ_ONCE(f->updated) + OVX_FDB_HOLD);
}

/*
 * Called with the FDB lock held.  The new destination is published before
 * the old one is cleared, so a lockless reader sees the old, the new, or
 * (reading between the two) neither and floods: never a freed pointer,
 * since both stay valid for a grace period.
 */
static void ovx_fdb_set_dest(struct ovx_fdb_entry *f, struct ovx_port *port,
			     struct ovx_peer *peer)
{
	if (port) {
		rcu_assign_pointer(f->port, port);
		RCU_INIT_POINTER(f->peer, NULL);
	} else {
		rcu_assign_pointer(f->peer, peer);
		RCU_INIT_POINTER(f->port, NULL);
	}
}

/* The drop reason when the destination's cap is reached. */
static enum ovx_drop_reason ovx_fdb_dest_full(const struct ovx_port *port)
{
	return port ? OVX_DROP_FDB_PORT_FULL : OVX_DROP_FDB_PEER_FULL;
}

/* Move learnt entry @f to @port or @peer; called with the FDB lock held. */
static enum ovx_drop_reason ovx_fdb_move(struct ovx_network *net,
					 struct ovx_fdb_entry *f,
					 struct ovx_port *port,
					 struct ovx_peer *peer, u32 remote_port,
					 unsigned long now)
{
	u32 *count;

	/* Ageing or a delete may have removed it, or it moved meanwhile. */
	if ((f->flags & (OVX_FDB_FLAGS_STATIC | OVX_FDB_DEAD)) ||
	    ovx_fdb_points_to(f, port, peer))
		return OVX_DROP_MAX;
	if (ovx_fdb_move_held(f, peer, now))
		return OVX_DROP_FDB_MOVE_REFUSED;
	count = ovx_fdb_dest_count(net, port, peer);
	if (count && *count >= ovx_fdb_dest_max(net))
		return ovx_fdb_dest_full(port);
	ovx_fdb_dest_put(net, f);
	if (count)
		WRITE_ONCE(*count, *count + 1);
	ovx_fdb_set_dest(f, port, peer);
	WRITE_ONCE(f->remote_port, remote_port);
	WRITE_ONCE(f->updated, now);
	ovx_nl_fdb_notify(net, f, OVX_FDB_EVENT_MOVED, true);
	return OVX_DROP_MAX;
}

/*
 * Insert a new learnt entry; called with the FDB lock held.  @f is the
 * table's if *@inserted, else still the caller's.
 */
static enum ovx_drop_reason ovx_fdb_insert(struct ovx_network *net,
					   struct ovx_fdb_entry *f,
					   struct ovx_port *port,
					   struct ovx_peer *peer, bool *inserted)
{
	struct ovx_fdb *fdb = &net->fdb;
	u32 *count;

	/* Checked again under the lock: another CPU may have learnt too. */
	if (fdb->n_learned >= READ_ONCE(net->fdb_max))
		return OVX_DROP_FDB_FULL;
	count = ovx_fdb_dest_count(net, port, peer);
	if (!count && peer)
		return OVX_DROP_MAX;	/* the peer is leaving the network */
	if (*count >= ovx_fdb_dest_max(net))
		return ovx_fdb_dest_full(port);
	/* Lost the race, or the table could not grow: nothing learnt. */
	if (rhashtable_lookup_insert_fast(&fdb->ht, &f->node, ovx_fdb_params))
		return OVX_DROP_MAX;
	list_add_tail(&f->list, &fdb->entries);
	*inserted = true;
	WRITE_ONCE(fdb->n_learned, fdb->n_learned + 1);
	WRITE_ONCE(*count, *count + 1);
	ovx_nl_fdb_notify(net, f, OVX_FDB_EVENT_LEARNED, true);
	return OVX_DROP_MAX;
}

/**
 * ovx_fdb_learn_rcu() - note that @mac was seen as a source behind @port or @peer
 * @net: the network the frame arrived in
 * @mac: its source address (a valid unicast address)
 * @port: the local port it came in on, or NULL
 * @peer: else the peer it was decapsulated from
 * @remote_port: the logical port behind @peer that sent it, or 0
 *
 * Called in softirq context under rcu_read_lock.  An entry that already
 * points to @port only has its timestamp refreshed, without any lock.
 *
 * Return: OVX_DROP_MAX, or why nothing was learnt: a cap was reached
 * (OVX_DROP_FDB_FULL, _PORT_FULL, _PEER_FULL: the frame itself may go on),
 * or the frame claims from the tunnel an address that a local port holds
 * (OVX_DROP_FDB_MOVE_REFUSED: the caller drops it).
 */
enum ovx_drop_reason ovx_fdb_learn_rcu(struct ovx_network *net, const u8 *mac,
				       struct ovx_port *port, struct ovx_peer *peer,
				       u32 remote_port)
{
	struct ovx_fdb *fdb = &net->fdb;
	enum ovx_drop_reason reason;
	struct ovx_fdb_entry *f;
	unsigned long now = jiffies;
	bool inserted = false;

	f = ovx_fdb_lookup_rcu(fdb, mac);
	if (likely(f)) {
		if (f->flags & OVX_FDB_FLAGS_STATIC)
			return OVX_DROP_MAX;
		if (likely(ovx_fdb_points_to(f, port, peer))) {
			if (READ_ONCE(f->updated) != now)
				WRITE_ONCE(f->updated, now);
			/* Informational: a racing writer is as good as us. */
			if (unlikely(READ_ONCE(f->remote_port) != remote_port))
				WRITE_ONCE(f->remote_port, remote_port);
			return OVX_DROP_MAX;
		}
		/* Refused without the lock: a spoofing peer cannot contend it. */
		if (ovx_fdb_move_held(f, peer, now))
			return OVX_DROP_FDB_MOVE_REFUSED;
		/* The address moved (a VM migrated, or a loop). */
		spin_lock(&fdb->lock);
		reason = ovx_fdb_move(net, f, port, peer, remote_port, now);
		spin_unlock(&fdb->lock);
		return reason;
	}

	if (READ_ONCE(fdb->n_learned) >= READ_ONCE(net->fdb_max))
		return OVX_DROP_FDB_FULL;
	if (port && READ_ONCE(port->fdb_learned) >= ovx_fdb_dest_max(net))
		return OVX_DROP_FDB_PORT_FULL;

	f = ovx_fdb_entry_alloc(mac, port, peer, GFP_ATOMIC);
	if (!f)
		return OVX_DROP_MAX;
	f->remote_port = remote_port;

	spin_lock(&fdb->lock);
	reason = ovx_fdb_insert(net, f, port, peer, &inserted);
	spin_unlock(&fdb->lock);
	if (!inserted)
		kmem_cache_free(ovx_fdb_cache, f);
	return reason;
}

/**
 * ovx_fdb_add_static() - add or replace a static entry
 * @net: the network
 * @mac: a unicast Ethernet address
 * @port: the local port the entry points to, or NULL
 * @peer: else the peer it points to (a member of @net)
 * @seq: the address's move sequence
 *
 * Called with RTNL held (so @port or @peer cannot go away meanwhile).  The
 * control plane's word is final: the entry gets @seq even when an
 * announcement had set a later one.
 *
 * Return: 0, or -ENOMEM.
 */
int ovx_fdb_add_static(struct ovx_network *net, const u8 *mac,
		       struct ovx_port *port, struct ovx_peer *peer, u16 seq)
{
	struct ovx_fdb *fdb = &net->fdb;
	struct ovx_fdb_entry *f, *old;
	int err;

	ASSERT_RTNL();
	f = ovx_fdb_entry_alloc(mac, port, peer, GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->flags = OVX_FDB_FLAGS_STATIC;
	f->seq = seq;

	spin_lock_bh(&fdb->lock);
	old = rhashtable_lookup_fast(&fdb->ht, &f->key, ovx_fdb_params);
	if (old) {
		/* Replace in place so that lookups never see a gap. */
		err = rhashtable_replace_fast(&fdb->ht, &old->node, &f->node,
					      ovx_fdb_params);
		if (err)
			goto err_unlock;
		list_replace(&old->list, &f->list);
		/*
		 * A learner that found @old before the swap takes the lock
		 * after us: it must see an entry gone, not move it (and
		 * announce a move of an entry nobody can find).
		 */
		old->flags |= OVX_FDB_DEAD;
		if (old->flags & OVX_FDB_FLAGS_STATIC) {
			WRITE_ONCE(fdb->n_static, fdb->n_static - 1);
		} else {
			WRITE_ONCE(fdb->n_learned, fdb->n_learned - 1);
			ovx_fdb_dest_put(net, old);
		}
		call_rcu(&old->rcu, ovx_fdb_entry_free_rcu);
	} else {
		err = rhashtable_insert_fast(&fdb->ht, &f->node, ovx_fdb_params);
		if (err)
			goto err_unlock;
		list_add_tail(&f->list, &fdb->entries);
	}
	WRITE_ONCE(fdb->n_static, fdb->n_static + 1);
	ovx_nl_fdb_notify(net, f, OVX_FDB_EVENT_ADDED, false);
	spin_unlock_bh(&fdb->lock);
	return 0;

err_unlock:
	spin_unlock_bh(&fdb->lock);
	kmem_cache_free(ovx_fdb_cache, f);
	return err;
}

/* Insert a new static entry for a move; fdb lock held, softirq. */
static int ovx_fdb_move_new(struct ovx_network *net, const u8 *mac,
			    struct ovx_port *port, u16 seq)
{
	struct ovx_fdb *fdb = &net->fdb;
	struct ovx_fdb_entry *f;

	f = ovx_fdb_entry_alloc(mac, port, NULL, GFP_ATOMIC);
	if (!f)
		return -ENOMEM;
	f->flags = OVX_FDB_FLAGS_STATIC;
	f->seq = seq;
	if (rhashtable_lookup_insert_fast(&fdb->ht, &f->node, ovx_fdb_params)) {
		kmem_cache_free(ovx_fdb_cache, f);
		return -ENOMEM;
	}
	list_add_tail(&f->list, &fdb->entries);
	WRITE_ONCE(fdb->n_static, fdb->n_static + 1);
	ovx_nl_fdb_notify(net, f, OVX_FDB_EVENT_ADDED, true);
	return 0;
}

/* Re-point @f for a move; fdb lock held. */
static void ovx_fdb_move_entry(struct ovx_network *net,
			       struct ovx_fdb_entry *f, struct ovx_port *port,
			       struct ovx_peer *peer, u16 seq)
{
	bool from_port = !!rcu_access_pointer(f->port);
	u32 *count;

	f->seq = seq;
	if (ovx_fdb_points_to(f, port, peer))
		return;
	if (!(f->flags & OVX_FDB_FLAGS_STATIC)) {
		/* A move is not learning: it is not refused at the cap. */
		ovx_fdb_dest_put(net, f);
		count = ovx_fdb_dest_count(net, port, peer);
		if (count)
			WRITE_ONCE(*count, *count + 1);
	}
	ovx_fdb_set_dest(f, port, peer);
	if (peer && from_port)
		WRITE_ONCE(f->flags, f->flags | OVX_FDB_REDIRECT);
	else
		WRITE_ONCE(f->flags, f->flags & ~OVX_FDB_REDIRECT);
	WRITE_ONCE(f->updated, jiffies);
	WRITE_ONCE(f->remote_port, 0);
	ovx_nl_fdb_notify(net, f, OVX_FDB_EVENT_MOVED, true);
}

/**
 * ovx_fdb_move_seq() - a guest moved: point its address here or to a peer
 * @net: the network
 * @mac: the guest's address
 * @port: its new local port (activated by its first frame), or NULL
 * @peer: else the peer that announced it (from the tunnel)
 * @seq: the move sequence of the move
 *
 * Called in softirq context.  Static entries move too: the control plane
 * made them, but it learns of the move only later.  A local port takes the
 * entry unless a later move is known; a peer needs a later sequence than
 * the entry's, so a late or replayed announcement cannot pull traffic
 * back.  An announcement for an address the network does not know makes
 * no entry: nothing here sends to it.
 *
 * Return: 0; -ESTALE when the entry has a later (or, from a peer, the same)
 * sequence; -ENOENT when a peer announced an unknown address; -ENOMEM.
 */
int ovx_fdb_move_seq(struct ovx_network *net, const u8 *mac,
		     struct ovx_port *port, struct ovx_peer *peer, u16 seq)
{
	struct ovx_fdb *fdb = &net->fdb;
	struct ovx_fdb_entry *f;
	int err = 0;

	spin_lock(&fdb->lock);
	f = ovx_fdb_lookup(fdb, mac);
	if (!f) {
		err = port ? ovx_fdb_move_new(net, mac, port, seq) : -ENOENT;
	} else if (ovx_fdb_points_to(f, port, peer) && f->seq == seq) {
		/* A repeated announcement: nothing to do. */
	} else if (ovx_seq_after(seq, f->seq) || (port && f->seq == seq)) {
		ovx_fdb_move_entry(net, f, port, peer, seq);
	} else {
		err = -ESTALE;
	}
	spin_unlock(&fdb->lock);
	return err;
}

/*
 * Whether a frame that peer @from sent here for entry @f, which points to
 * peer @to, goes on there: only shortly after its guest left a local port
 * for @to, and never back where it came from.
 */
bool ovx_fdb_redirects(const struct ovx_fdb_entry *f,
		       const struct ovx_peer *to, const struct ovx_peer *from)
{
	return (READ_ONCE(f->flags) & OVX_FDB_REDIRECT) && to != from &&
	       time_before(jiffies, READ_ONCE(f->updated) +
				    OVX_FDB_REDIRECT_TIME);
}

/* Return: 0, or -ENOENT when the network has no entry for @mac. */
int ovx_fdb_del(struct ovx_network *net, const u8 *mac)
{
	struct ovx_fdb *fdb = &net->fdb;
	u64 key = ovx_fdb_key(mac);
	struct ovx_fdb_entry *f;
	int err = -ENOENT;

	spin_lock_bh(&fdb->lock);
	f = rhashtable_lookup_fast(&fdb->ht, &key, ovx_fdb_params);
	if (f) {
		__ovx_fdb_remove(net, f, OVX_FDB_EVENT_DELETED, false);
		err = 0;
	}
	spin_unlock_bh(&fdb->lock);
	return err;
}

/**
 * ovx_fdb_flush_match() - delete the entries of a network that point somewhere
 * @net: the network
 * @port: the entries that point to this port, or NULL
 * @peer: the entries that point to this peer, or NULL; with neither, all
 * @learned_only: keep the static entries (the control plane's)
 *
 * Return: the number of entries deleted.
 */
unsigned int ovx_fdb_flush_match(struct ovx_network *net,
				 struct ovx_port *port, struct ovx_peer *peer,
				 bool learned_only)
{
	struct ovx_fdb *fdb = &net->fdb;
	struct ovx_fdb_entry *f, *tmp;
	unsigned int n = 0;

	spin_lock_bh(&fdb->lock);
	list_for_each_entry_safe(f, tmp, &fdb->entries, list) {
		if (port && rcu_access_pointer(f->port) != port)
			continue;
		if (peer && rcu_access_pointer(f->peer) != peer)
			continue;
		if (learned_only && (f->flags & OVX_FDB_FLAGS_STATIC))
			continue;
		__ovx_fdb_remove(net, f, OVX_FDB_EVENT_DELETED, true);
		n++;
	}
	spin_unlock_bh(&fdb->lock);
	return n;
}

static void ovx_fdb_ageing(struct work_struct *work)
{
	struct ovx_fdb *fdb = container_of(to_delayed_work(work),
					   struct ovx_fdb, ageing_work);
	struct ovx_network *net = container_of(fdb, struct ovx_network, fdb);
	unsigned long ageing = READ_ONCE(net->ageing) * HZ;
	struct ovx_fdb_entry *f, *tmp;

	/* Static entries never age: with none learnt there is nothing to do. */
	if (ageing && READ_ONCE(fdb->n_learned)) {
		/* One pass under the lock; learning only waits on moves and
		 * new addresses, never on refreshes.
		 */
		spin_lock_bh(&fdb->lock);
		list_for_each_entry_safe(f, tmp, &fdb->entries, list) {
			if (f->flags & OVX_FDB_FLAGS_STATIC)
				continue;
			if (time_after(jiffies, READ_ONCE(f->updated) + ageing))
				__ovx_fdb_remove(net, f, OVX_FDB_EVENT_AGED, true);
		}
		spin_unlock_bh(&fdb->lock);
	}
	queue_delayed_work(system_power_efficient_wq, &fdb->ageing_work,
			   OVX_FDB_AGEING_PERIOD);
}

int ovx_fdb_init(struct ovx_fdb *fdb)
{
	int err;

	err = rhashtable_init(&fdb->ht, &ovx_fdb_params);
	if (err)
		return err;
	INIT_LIST_HEAD(&fdb->entries);
	spin_lock_init(&fdb->lock);
	fdb->n_learned = 0;
	fdb->n_static = 0;
	fdb->ev_start = jiffies;
	fdb->ev_count = 0;
	INIT_DELAYED_WORK(&fdb->ageing_work, ovx_fdb_ageing);
	queue_delayed_work(system_power_efficient_wq, &fdb->ageing_work,
			   OVX_FDB_AGEING_PERIOD);
	return 0;
}

/*
 * Called with RTNL held once the network is unreachable from the datapath
 * (its ports detached, unhashed from the switch) and a grace period later.
 */
void ovx_fdb_uninit(struct ovx_network *net)
{
	cancel_delayed_work_sync(&net->fdb.ageing_work);
	ovx_fdb_flush(net, NULL, NULL);
	/* Even empty, the network leaves the list of networks a dump walks. */
	ovx_fdb_removed(net);
	rhashtable_destroy(&net->fdb.ht);
}

int ovx_fdb_cache_init(void)
{
	BUILD_BUG_ON(sizeof(struct ovx_fdb_entry) > 64);
	ovx_fdb_cache = KMEM_CACHE(ovx_fdb_entry, SLAB_HWCACHE_ALIGN);
	return ovx_fdb_cache ? 0 : -ENOMEM;
}

void ovx_fdb_cache_uninit(void)
{
	/* Entries are freed by RCU callbacks, which must all have run. */
	rcu_barrier();
	kmem_cache_destroy(ovx_fdb_cache);
}
