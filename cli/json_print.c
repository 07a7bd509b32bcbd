// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Text-or-JSON print helpers on top of json_writer (see json_print.h).
 */
#include <stdarg.h>
#include <stdlib.h>

#include "json_print.h"
#include "json_writer.h"

static struct json_writer *jw;	/* non-NULL while printing JSON */
static FILE *out_fp;
static bool pretty;

static FILE *out(void)
{
	return out_fp ? out_fp : stdout;
}

void json_print_set_file(FILE *fp)
{
	out_fp = fp;
}

void set_json_pretty(bool on)
{
	pretty = on;
}

static void start_json(void)
{
	jw = jw_new(out(), pretty);
	if (!jw) {
		perror("ovx: cannot start JSON output");
		exit(1);
	}
}

void new_json_obj(int json)
{
	if (!json)
		return;
	start_json();
	jw_start_array(jw);
}

void new_json_line(int json)
{
	if (json)
		start_json();
}

void delete_json_obj(void)
{
	if (!jw)
		return;
	/* Also closes what a show that failed half-way left open. */
	jw_end_all(jw);
	jw_destroy(jw);
	jw = NULL;
	fflush(out());
}

bool is_json_context(void)
{
	return jw != NULL;
}

/*
 * The format comes from the caller of print_*(), paired there with a value
 * of the type the helper's name states, so it cannot be checked here: the
 * one place where -Wformat-nonliteral is switched off.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void text(const char *fmt, ...)
{
	va_list ap;

	if (!fmt)
		return;
	va_start(ap, fmt);
	vfprintf(out(), fmt, ap);
	va_end(ap);
}
#pragma GCC diagnostic pop

/* True when the value goes to JSON; names it if @key is given. */
static bool json_member(enum output_type type, const char *key)
{
	if (!jw || !(type & PRINT_JSON))
		return false;
	if (key)
		jw_name(jw, key);
	return true;
}

static bool text_wanted(enum output_type type)
{
	return !jw && (type & PRINT_FP);
}

void open_json_object(const char *name)
{
	if (!jw)
		return;
	if (name)
		jw_name(jw, name);
	jw_start_object(jw);
}

void close_json_object(void)
{
	if (jw)
		jw_end_object(jw);
}

void open_json_array(enum output_type type, const char *str)
{
	if (json_member(type, str))
		jw_start_array(jw);
	else if (text_wanted(type) && str)
		text("%s", str);
}

void close_json_array(enum output_type type, const char *str)
{
	if (jw && (type & PRINT_JSON))
		jw_end_array(jw);
	else if (text_wanted(type) && str)
		text("%s", str);
}

void print_string(enum output_type type, const char *key, const char *fmt,
		  const char *value)
{
	if (json_member(type, key))
		jw_string(jw, value);
	else if (text_wanted(type))
		text(fmt, value ? value : "(null)");
}

void print_uint(enum output_type type, const char *key, const char *fmt,
		unsigned int value)
{
	if (json_member(type, key))
		jw_uint(jw, value);
	else if (text_wanted(type))
		text(fmt, value);
}

void print_u64(enum output_type type, const char *key, const char *fmt,
	       uint64_t value)
{
	if (json_member(type, key))
		jw_uint(jw, value);
	else if (text_wanted(type))
		text(fmt, value);
}

void print_int(enum output_type type, const char *key, const char *fmt,
	       int value)
{
	if (json_member(type, key))
		jw_int(jw, value);
	else if (text_wanted(type))
		text(fmt, value);
}

void print_bool(enum output_type type, const char *key, const char *fmt,
		bool value)
{
	if (json_member(type, key))
		jw_bool(jw, value);
	else if (text_wanted(type))
		text(fmt, value ? "true" : "false");
}

void print_null(enum output_type type, const char *key, const char *fmt,
		const char *value)
{
	if (json_member(type, key))
		jw_null(jw);
	else if (text_wanted(type))
		text(fmt, value ? value : "");
}

void print_nl(void)
{
	if (!jw)
		text("\n");
}
