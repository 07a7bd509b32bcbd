/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * A small streaming JSON writer.  It places commas, colons and (when
 * pretty) newlines and indentation, and escapes strings; the caller only
 * says what comes next.  Misuse, such as a value without a name inside an
 * object, is a programming error and trips an assert().
 */
#ifndef OVX_CLI_JSON_WRITER_H
#define OVX_CLI_JSON_WRITER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct json_writer;

/* NULL when out of memory. */
struct json_writer *jw_new(FILE *fp, bool pretty);
/* Ends the output with a newline if anything was written; NULL-safe. */
void jw_destroy(struct json_writer *jw);

void jw_start_object(struct json_writer *jw);
void jw_end_object(struct json_writer *jw);
void jw_start_array(struct json_writer *jw);
void jw_end_array(struct json_writer *jw);
/*
 * Closes whatever is still open (a pending member gets null), so that an
 * output cut short by an error is still valid JSON.
 */
void jw_end_all(struct json_writer *jw);
/* The name of the next member of the current object. */
void jw_name(struct json_writer *jw, const char *name);

void jw_string(struct json_writer *jw, const char *s);
void jw_uint(struct json_writer *jw, uint64_t v);
void jw_int(struct json_writer *jw, int64_t v);
void jw_bool(struct json_writer *jw, bool v);
void jw_null(struct json_writer *jw);

/*
 * Writes @s as a JSON string with its quotes: '"' and '\' are escaped,
 * control characters (and DEL) become \n, \t, ... or \u00XX, valid UTF-8
 * is copied, and each byte of invalid UTF-8 becomes \ufffd, so the output
 * is always valid JSON.  NULL is written as null.
 */
void jw_write_string(FILE *fp, const char *s);

#endif /* OVX_CLI_JSON_WRITER_H */
