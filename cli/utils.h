/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Argument handling for the object commands: iteration macros, the
 * messages for bad arguments, and strict parsers and formatters for the
 * values ovx takes (numbers, VNIs, ports, MACs, addresses, on|off).
 */
#ifndef OVX_CLI_UTILS_H
#define OVX_CLI_UTILS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ovx/ovx.h>

/* Exit codes, as in iproute2. */
enum {
	OVX_EXIT_OK = 0,
	OVX_EXIT_ERR = 1,	/* the command failed */
	OVX_EXIT_USAGE = 255,	/* the command line is wrong */
};

/*
 * Walking argv, iproute2 style, in a function with local "argc" and
 * "argv" that returns an exit code:
 *
 *	while (argc > 0) {
 *		if (!strcmp(*argv, "vni")) {
 *			NEXT_ARG();
 *			if (parse_vni(*argv, &vni))
 *				return invarg("not a VNI (1-16777215)", *argv);
 *		} else {
 *			return unknown_arg("net", *argv);
 *		}
 *		argc--, argv++;
 *	}
 *
 * NEXT_ARG() moves to the value of the keyword at *argv; when there is
 * none it prints 'Error: "KEY" requires an argument.' and RETURNS
 * OVX_EXIT_USAGE from the calling function.
 */
#define NEXT_ARG()						\
	do {							\
		argv++;						\
		if (--argc <= 0)				\
			return missval(argv[-1]);		\
	} while (0)
/* True when there is an argument after *argv. */
#define NEXT_ARG_OK()	(argc - 1 > 0)
#define PREV_ARG()						\
	do {							\
		argv--;						\
		argc++;						\
	} while (0)

/*
 * The messages.  Each prints one line to stderr and returns
 * OVX_EXIT_USAGE, so that "return invarg(...);" ends the command.
 */
/* Error: argument "ARG" is wrong: MSG */
int invarg(const char *msg, const char *arg);
/* Error: duplicate "KEY": "ARG" is the second value. */
int duparg(const char *key, const char *arg);
/* Error: argument "KEY" is required. */
int missarg(const char *key);
/* Error: "KEY" requires an argument. */
int missval(const char *key);
/* Error: unknown argument "ARG", try "ovx OBJECT help". */
int unknown_arg(const char *object, const char *arg);
/* Command "CMD" is unknown, try "ovx OBJECT help". */
int unknown_cmd(const char *object, const char *cmd);
/* Command line is not complete, try "ovx help". */
int incomplete_command(void);
/* Error: argument "ARG" conflicts with "OTHER". */
int conflict(const char *arg, const char *other);
/* Error: argument "KEY1" or "KEY2" is required. */
int missarg_either(const char *key1, const char *key2);

/*
 * Parsers: 0 on success, -1 on any malformed or out-of-range input, and
 * *out untouched on failure.  They print nothing: the caller names the
 * bad token with invarg().
 *
 * Numbers are decimal only: digits, no sign, no blanks, no leading zero
 * (except "0" itself), no "0x".  Hex and octal are refused on purpose,
 * because "010" or "0x10" would mean different things to different
 * readers.
 */
int parse_u32(const char *s, uint32_t max, uint32_t *out);
int parse_u8(const char *s, uint8_t *out);
/* A VNI: 1 to 16777215. */
#define OVX_VNI_MAX 0xffffffU
int parse_vni(const char *s, uint32_t *out);
/* A UDP port: 1 to 65535. */
int parse_port(const char *s, uint16_t *out);
/* "on" or "off", nothing else. */
int parse_on_off(const char *s, bool *out);
/* Exactly six colon-separated pairs of hex digits, any case. */
int parse_mac(const char *s, uint8_t mac[6]);
/* An IPv4 or IPv6 address, as inet_pton(3) takes it. */
int parse_addr(const char *s, struct ovx_addr *out);

/*
 * A network name: 1 to OVX_NET_NAMSIZ - 1 (31) ASCII letters, digits,
 * '-', '_' and '.', as the kernel takes them.
 */
int check_net_name(const char *s);
/* A DNS domain: labels of 1 to 63 letters, digits or "-", 253 in all. */
bool domain_ok(const char *d);

/*
 * An interface name as the kernel takes it (dev_valid_name()): 1 to
 * OVX_IFNAMSIZ - 1 characters, not "." or "..", no '/', ':' or blank.
 */
int check_ifname(const char *s);

/* Formatters: they fill @buf and return it, or NULL if @len is too small. */
#define MAC_STR_LEN 18		/* "aa:bb:cc:dd:ee:ff" and the NUL */
char *format_mac(const uint8_t mac[6], char *buf, size_t len);
#define ADDR_STR_LEN 46		/* INET6_ADDRSTRLEN */
/* NULL also for a family other than AF_INET and AF_INET6. */
char *format_addr(const struct ovx_addr *addr, char *buf, size_t len);

/*
 * "ADDR/LEN": an IPv4 or IPv6 address as parse_addr() takes it and a
 * decimal length of 0 to 32 or 128 (no sign, no leading zero).
 */
int parse_prefix(const char *s, struct ovx_prefix *out);
/* Whether @p has bits set after its length; @net gets it without them. */
bool prefix_has_host_bits(const struct ovx_prefix *p, struct ovx_prefix *net);
#define PREFIX_STR_LEN (ADDR_STR_LEN + 4)	/* "/128" */
/* "ADDR/LEN"; NULL as format_addr() returns it. */
char *format_prefix(const struct ovx_prefix *p, char *buf, size_t len);

#endif /* OVX_CLI_UTILS_H */
