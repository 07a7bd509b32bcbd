// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Objects that start with their size (see OVX_INIT() in ovx/ovx.h): how
 * the library reads those its caller passes and fills those it returns,
 * whichever of the two was compiled with the larger version.
 */
#include <errno.h>
#include <string.h>

#include "ovx_private.h"

size_t ovx_sized_size(const void *obj)
{
	size_t size;

	memcpy(&size, obj, sizeof(size));
	return size;
}

int ovx_sized_in(void *full, size_t full_size, const void *user, size_t min)
{
	size_t size = ovx_sized_size(user), i;
	const unsigned char *u = user;

	if (size < min)
		return -EINVAL;
	/* Members newer than this library must be left unset. */
	for (i = full_size; i < size; i++)
		if (u[i])
			return -EOPNOTSUPP;
	memcpy(full, user, size < full_size ? size : full_size);
	memcpy(full, &full_size, sizeof(full_size));
	return 0;
}

int ovx_sized_out_ok(const void *user, size_t min)
{
	return user && ovx_sized_size(user) >= min ? 0 : -EINVAL;
}

void ovx_sized_out(void *user, const void *full, size_t full_size)
{
	size_t size = ovx_sized_size(user);

	if (size > full_size)
		size = full_size;
	memcpy(user, full, size);
	memcpy(user, &size, sizeof(size));
}
