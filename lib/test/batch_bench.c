// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * How long N static FDB entries and N bindings to a peer take to add,
 * one request at a time or in one libovx batch: only the writes are
 * timed.  Needs a network NET whose switch has the peer PEER (see
 * scripts/bench-topology).  Usage: batch_bench NET PEER N batch|single
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ovx/ovx.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct ovx_addr peer = { .family = AF_INET };
	struct ovx_ctx *ctx;
	size_t failed = 0;
	unsigned long i, n;
	bool batch;
	double t0;
	int err = 0;

	if (argc != 5 || inet_pton(AF_INET, argv[2], &peer.u.v4) != 1) {
		fprintf(stderr, "usage: batch_bench NET PEER N batch|single\n");
		return 2;
	}
	n = strtoul(argv[3], NULL, 10);
	batch = !strcmp(argv[4], "batch");
	if (ovx_open(&ctx)) {
		fprintf(stderr, "ovx_open failed\n");
		return 1;
	}
	t0 = now();
	if (batch)
		ovx_batch_begin(ctx);
	for (i = 0; i < n && !err; i++) {
		struct ovx_fdb_entry e;
		struct ovx_neigh b;

		OVX_INIT(&e);
		snprintf(e.net, sizeof(e.net), "%s", argv[1]);
		e.mac[0] = 0x02;
		e.mac[3] = (uint8_t)(i >> 16);
		e.mac[4] = (uint8_t)(i >> 8);
		e.mac[5] = (uint8_t)i;
		e.peer = peer;
		err = ovx_fdb_add(ctx, &e);
		if (err)
			break;
		OVX_INIT(&b);
		snprintf(b.net, sizeof(b.net), "%s", argv[1]);
		b.addr.family = AF_INET;
		b.addr.u.v4.s_addr = htonl(0x0a000000U | (uint32_t)(i + 1));
		memcpy(b.lladdr, e.mac, 6);
		b.peer = peer;
		err = ovx_neigh_add(ctx, &b);
	}
	if (batch && !err)
		err = ovx_batch_end(ctx, &failed);
	printf("%s: %lu FDB entries and %lu bindings in %.3f s (err %d)\n",
	       argv[4], n, n, now() - t0, err);
	ovx_close(ctx);
	return err ? 1 : 0;
}
