// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * A small streaming JSON writer (see json_writer.h).
 */
#include <assert.h>
#include <inttypes.h>
#include <stdlib.h>

#include "json_writer.h"

/* ovx output nests a few levels; anything deeper is a bug. */
#define JW_MAX_DEPTH 32

struct json_writer {
	FILE *fp;
	bool pretty;
	bool after_name;	/* a member name waits for its value */
	bool wrote;		/* anything written at all */
	int depth;
	struct {
		char close;	/* '}' or ']' */
		unsigned int count;
	} stack[JW_MAX_DEPTH];
};

struct json_writer *jw_new(FILE *fp, bool pretty)
{
	struct json_writer *jw = calloc(1, sizeof(*jw));

	if (!jw)
		return NULL;
	jw->fp = fp;
	jw->pretty = pretty;
	return jw;
}

void jw_destroy(struct json_writer *jw)
{
	if (!jw)
		return;
	assert(jw->depth == 0 && !jw->after_name);
	if (jw->wrote)
		fputc('\n', jw->fp);
	free(jw);
}

static void indent(struct json_writer *jw)
{
	int i;

	fputc('\n', jw->fp);
	for (i = 0; i < jw->depth; i++)
		fputs("    ", jw->fp);
}

/* The separator before a new element of the current container. */
static void next_element(struct json_writer *jw)
{
	if (jw->depth == 0) {
		/* Several top-level values: one per line. */
		if (jw->wrote)
			fputc('\n', jw->fp);
		jw->wrote = true;
		return;
	}
	if (jw->stack[jw->depth - 1].count++)
		fputc(',', jw->fp);
	if (jw->pretty)
		indent(jw);
}

/* Called before every value. */
static void begin_value(struct json_writer *jw)
{
	if (jw->after_name) {
		jw->after_name = false;
		return;
	}
	/* Inside an object every value needs a name first. */
	assert(jw->depth == 0 || jw->stack[jw->depth - 1].close == ']');
	next_element(jw);
}

void jw_name(struct json_writer *jw, const char *name)
{
	assert(jw->depth > 0 && jw->stack[jw->depth - 1].close == '}');
	assert(!jw->after_name);
	next_element(jw);
	jw_write_string(jw->fp, name);
	fputs(jw->pretty ? ": " : ":", jw->fp);
	jw->after_name = true;
}

static void start(struct json_writer *jw, char open, char close)
{
	begin_value(jw);
	assert(jw->depth < JW_MAX_DEPTH);
	fputc(open, jw->fp);
	jw->stack[jw->depth].close = close;
	jw->stack[jw->depth].count = 0;
	jw->depth++;
}

static void end(struct json_writer *jw, char close)
{
	assert(jw->depth > 0 && jw->stack[jw->depth - 1].close == close);
	assert(!jw->after_name);
	jw->depth--;
	if (jw->pretty && jw->stack[jw->depth].count)
		indent(jw);
	fputc(close, jw->fp);
}

void jw_start_object(struct json_writer *jw)
{
	start(jw, '{', '}');
}

void jw_end_object(struct json_writer *jw)
{
	end(jw, '}');
}

void jw_start_array(struct json_writer *jw)
{
	start(jw, '[', ']');
}

void jw_end_array(struct json_writer *jw)
{
	end(jw, ']');
}

void jw_end_all(struct json_writer *jw)
{
	if (jw->after_name)
		jw_null(jw);
	while (jw->depth > 0)
		end(jw, jw->stack[jw->depth - 1].close);
}

void jw_string(struct json_writer *jw, const char *s)
{
	begin_value(jw);
	jw_write_string(jw->fp, s);
}

void jw_uint(struct json_writer *jw, uint64_t v)
{
	begin_value(jw);
	fprintf(jw->fp, "%" PRIu64, v);
}

void jw_int(struct json_writer *jw, int64_t v)
{
	begin_value(jw);
	fprintf(jw->fp, "%" PRId64, v);
}

void jw_bool(struct json_writer *jw, bool v)
{
	begin_value(jw);
	fputs(v ? "true" : "false", jw->fp);
}

void jw_null(struct json_writer *jw)
{
	begin_value(jw);
	fputs("null", jw->fp);
}

/* Length of the valid UTF-8 sequence at @p, or 0 if it is not one. */
static int utf8_len(const unsigned char *p)
{
	unsigned char c = p[0];
	unsigned char lo = 0x80, hi = 0xbf;
	int n, i;

	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0;	/* no overlong forms */
		else if (c == 0xed)
			hi = 0x9f;	/* no surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;	/* nothing above U+10FFFF */
	} else {
		return 0;
	}
	/* Only the second byte has the narrowed range. */
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return n;
}

void jw_write_string(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s) {
		fputs("null", fp);
		return;
	}
	fputc('"', fp);
	while (*p) {
		unsigned char c = *p;
		int n;

		switch (c) {
		case '"':
			fputs("\\\"", fp);
			break;
		case '\\':
			fputs("\\\\", fp);
			break;
		case '\b':
			fputs("\\b", fp);
			break;
		case '\f':
			fputs("\\f", fp);
			break;
		case '\n':
			fputs("\\n", fp);
			break;
		case '\r':
			fputs("\\r", fp);
			break;
		case '\t':
			fputs("\\t", fp);
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				fprintf(fp, "\\u%04x", c);
			} else if (c < 0x80) {
				fputc(c, fp);
			} else if ((n = utf8_len(p))) {
				/* The bytes checked are all non-NUL. */
				fwrite(p, 1, (size_t)n, fp);
				p += n;
				continue;
			} else {
				fputs("\\ufffd", fp);
			}
			break;
		}
		p++;
	}
	fputc('"', fp);
}
