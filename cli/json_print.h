/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * One set of print calls for both text and JSON output, in the manner of
 * iproute2, so the two cannot drift apart.  A show command does:
 *
 *	new_json_obj(cli->json);		// JSON: opens the top-level [
 *	for each entry:
 *		open_json_object(NULL);
 *		print_string(PRINT_ANY, "name", "%s ", name);
 *		print_uint(PRINT_ANY, "vni", "vni %u ", vni);
 *		print_nl();			// text: newline; JSON: nothing
 *		close_json_object();
 *	delete_json_obj();			// JSON: closes ] and the line
 *
 * PRINT_FP prints only as text (with @fmt), PRINT_JSON only as JSON (as
 * member @key, or as an array element when @key is NULL), PRINT_ANY both.
 * Text goes through printf(@fmt, value); a NULL @fmt prints no text.
 */
#ifndef OVX_CLI_JSON_PRINT_H
#define OVX_CLI_JSON_PRINT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum output_type {
	PRINT_FP = 1,
	PRINT_JSON = 2,
	PRINT_ANY = PRINT_FP | PRINT_JSON,
};

/* Where output goes (default stdout) and whether JSON is indented. */
void json_print_set_file(FILE *fp);
void set_json_pretty(bool pretty);

/*
 * With @json, starts JSON output: one top-level array per command.
 * delete_json_obj() closes it, and anything left open by a show that
 * stopped half-way, so the output stays valid JSON.
 */
void new_json_obj(int json);
/*
 * With @json, starts JSON output without the top-level array, for a
 * stream of values such as the JSON Lines of a monitor: print one object,
 * then delete_json_obj() ends its line and flushes.
 */
void new_json_line(int json);
void delete_json_obj(void);
bool is_json_context(void);

/* Objects and arrays exist in JSON only; @name is NULL inside arrays. */
void open_json_object(const char *name);
void close_json_object(void);
/* In text, these print @str (a label, a delimiter) with PRINT_FP/ANY. */
void open_json_array(enum output_type type, const char *str);
void close_json_array(enum output_type type, const char *str);

/* A NULL @value prints JSON null and the text "(null)". */
void print_string(enum output_type type, const char *key, const char *fmt,
		  const char *value);
void print_uint(enum output_type type, const char *key, const char *fmt,
		unsigned int value);
void print_u64(enum output_type type, const char *key, const char *fmt,
	       uint64_t value);
void print_int(enum output_type type, const char *key, const char *fmt,
	       int value);
/* JSON true/false; the text gets the string "true" or "false". */
void print_bool(enum output_type type, const char *key, const char *fmt,
		bool value);
/* JSON null; the text gets @value, e.g. "none". */
void print_null(enum output_type type, const char *key, const char *fmt,
		const char *value);
/* A newline in text mode only. */
void print_nl(void);

#endif /* OVX_CLI_JSON_PRINT_H */
