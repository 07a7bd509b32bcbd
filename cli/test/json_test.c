// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Unit tests of the JSON writer and of the text/JSON print helpers:
 * exact output, string escaping, and (when jq is installed) that jq
 * parses what we write.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json_print.h"
#include "json_writer.h"
#include "ktap.h"

struct sink {
	FILE *fp;
	char *buf;
	size_t len;
};

static void sink_open(struct sink *s)
{
	s->fp = open_memstream(&s->buf, &s->len);
	if (!s->fp)
		abort();
}

/* Closes the stream; the text stays in s->buf until sink_free(). */
static const char *sink_text(struct sink *s)
{
	fclose(s->fp);
	s->fp = NULL;
	return s->buf;
}

static void sink_free(struct sink *s)
{
	free(s->buf);
}

static bool expect(const char *got, const char *want, const char *desc)
{
	if (ktap_check(!strcmp(got, want), "%s", desc))
		return true;
	ktap_diag("got:  %s", got);
	ktap_diag("want: %s", want);
	return false;
}

static const char *escaped(struct sink *s, const char *in)
{
	sink_open(s);
	jw_write_string(s->fp, in);
	return sink_text(s);
}

static void test_escaping(void)
{
	static const struct {
		const char *in, *out, *desc;
	} cases[] = {
		{ "plain", "\"plain\"", "plain string" },
		{ "", "\"\"", "empty string" },
		{ "a\"b", "\"a\\\"b\"", "double quote" },
		{ "a\\b", "\"a\\\\b\"", "backslash" },
		{ "/", "\"/\"", "slash is left alone" },
		{ "\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"", "short escapes" },
		{ "\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"",
		  "other control characters and DEL as \\u00XX" },
		{ "\x1b[31mred", "\"\\u001b[31mred\"",
		  "a terminal escape sequence is neutralised" },
		{ "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
		  "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"",
		  "valid UTF-8 is copied" },
		{ "a\xff" "b", "\"a\\ufffdb\"", "invalid byte becomes U+FFFD" },
		{ "\xc0\xaf", "\"\\ufffd\\ufffd\"", "overlong form is invalid" },
		{ "\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"",
		  "UTF-16 surrogate is invalid" },
		{ "\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"",
		  "code point above U+10FFFF is invalid" },
		{ "x\xe2\x82", "\"x\\ufffd\\ufffd\"",
		  "sequence cut by the end of the string" },
	};
	struct sink s;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		expect(escaped(&s, cases[i].in), cases[i].out, cases[i].desc);
		sink_free(&s);
	}
	expect(escaped(&s, NULL), "null", "NULL string is null");
	sink_free(&s);
}

static void write_sample(struct json_writer *jw)
{
	jw_start_array(jw);
	jw_start_object(jw);
	jw_name(jw, "name");
	jw_string(jw, "sw\"0");
	jw_name(jw, "vni");
	jw_uint(jw, 16777215);
	jw_name(jw, "big");
	jw_uint(jw, UINT64_MAX);
	jw_name(jw, "neg");
	jw_int(jw, INT64_MIN);
	jw_name(jw, "learning");
	jw_bool(jw, true);
	jw_name(jw, "df");
	jw_bool(jw, false);
	jw_name(jw, "peer");
	jw_null(jw);
	jw_name(jw, "nets");
	jw_start_array(jw);
	jw_string(jw, "a");
	jw_uint(jw, 2);
	jw_end_array(jw);
	jw_name(jw, "empty");
	jw_start_object(jw);
	jw_end_object(jw);
	jw_name(jw, "none");
	jw_start_array(jw);
	jw_end_array(jw);
	jw_name(jw, "k\ney");
	jw_string(jw, "v");
	jw_end_object(jw);
	jw_start_object(jw);
	jw_end_object(jw);
	jw_end_array(jw);
}

static const char compact[] =
	"[{\"name\":\"sw\\\"0\",\"vni\":16777215,"
	"\"big\":18446744073709551615,\"neg\":-9223372036854775808,"
	"\"learning\":true,\"df\":false,\"peer\":null,"
	"\"nets\":[\"a\",2],\"empty\":{},\"none\":[],\"k\\ney\":\"v\"},{}]\n";

static const char pretty[] =
	"[\n"
	"    {\n"
	"        \"name\": \"sw\\\"0\",\n"
	"        \"vni\": 16777215,\n"
	"        \"big\": 18446744073709551615,\n"
	"        \"neg\": -9223372036854775808,\n"
	"        \"learning\": true,\n"
	"        \"df\": false,\n"
	"        \"peer\": null,\n"
	"        \"nets\": [\n"
	"            \"a\",\n"
	"            2\n"
	"        ],\n"
	"        \"empty\": {},\n"
	"        \"none\": [],\n"
	"        \"k\\ney\": \"v\"\n"
	"    },\n"
	"    {}\n"
	"]\n";

/* Returns "ok", "bad" or NULL when jq cannot be run. */
static const char *jq_verdict(const char *json)
{
	char path[] = "/tmp/ovx-json-test-XXXXXX";
	char cmd[128];
	FILE *fp;
	int fd, rc;

	if (system("command -v jq >/dev/null 2>&1") != 0)
		return NULL;
	fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	fp = fdopen(fd, "w");
	if (!fp)
		abort();
	fputs(json, fp);
	fclose(fp);
	snprintf(cmd, sizeof(cmd), "jq -e . %s >/dev/null 2>&1", path);
	rc = system(cmd);
	unlink(path);
	return rc == 0 ? "ok" : "bad";
}

static void check_jq(const char *json, const char *desc)
{
	const char *v = jq_verdict(json);

	if (!v)
		ktap_skip("jq not installed", "jq parses %s", desc);
	else
		ktap_check(!strcmp(v, "ok"), "jq parses %s", desc);
}

static void test_writer(void)
{
	struct json_writer *jw;
	struct sink s;

	sink_open(&s);
	jw = jw_new(s.fp, false);
	write_sample(jw);
	jw_destroy(jw);
	if (expect(sink_text(&s), compact, "compact output"))
		check_jq(s.buf, "the compact output");
	sink_free(&s);

	sink_open(&s);
	jw = jw_new(s.fp, true);
	write_sample(jw);
	jw_destroy(jw);
	if (expect(sink_text(&s), pretty, "pretty output"))
		check_jq(s.buf, "the pretty output");
	sink_free(&s);

	sink_open(&s);
	jw = jw_new(s.fp, true);
	jw_destroy(jw);
	jw_destroy(NULL);
	expect(sink_text(&s), "", "nothing written, no newline");
	sink_free(&s);

	sink_open(&s);
	jw = jw_new(s.fp, false);
	{
		static const char nasty[] = "\"\\\x01\n\xff\x7f";

		jw_start_object(jw);
		jw_name(jw, nasty);
		jw_string(jw, nasty);
		jw_end_object(jw);
	}
	jw_destroy(jw);
	check_jq(sink_text(&s), "escaped control characters and bad UTF-8");
	sink_free(&s);
}

/* One "show" through the print helpers, as an object command does it. */
static void show(int json)
{
	static const char *const names[] = { "sw0", "sw 1" };
	int i;

	new_json_obj(json);
	for (i = 0; i < 2; i++) {
		open_json_object(NULL);
		print_string(PRINT_ANY, "name", "%s ", names[i]);
		print_uint(PRINT_ANY, "vni", "vni %u ", 100U + (unsigned int)i);
		print_u64(PRINT_JSON, "rx_packets", NULL, 1ULL << 40);
		print_int(PRINT_ANY, "delta", "delta %d ", -i);
		print_bool(PRINT_ANY, "learning", "learning %s ", i == 0);
		print_null(PRINT_ANY, "peer", "peer %s ", "none");
		print_string(PRINT_FP, NULL, "%s", "| ");
		open_json_array(PRINT_ANY, "ports");
		print_string(PRINT_ANY, NULL, " %s", "veth0");
		print_string(PRINT_ANY, NULL, " %s", "veth1");
		close_json_array(PRINT_ANY, " end");
		print_nl();
		close_json_object();
	}
	delete_json_obj();
}

static void test_print(void)
{
	static const char text_want[] =
		"sw0 vni 100 delta 0 learning true peer none | ports veth0 veth1 end\n"
		"sw 1 vni 101 delta -1 learning false peer none | ports veth0 veth1 end\n";
	static const char json_want[] =
		"[{\"name\":\"sw0\",\"vni\":100,\"rx_packets\":1099511627776,"
		"\"delta\":0,\"learning\":true,\"peer\":null,"
		"\"ports\":[\"veth0\",\"veth1\"]},"
		"{\"name\":\"sw 1\",\"vni\":101,\"rx_packets\":1099511627776,"
		"\"delta\":-1,\"learning\":false,\"peer\":null,"
		"\"ports\":[\"veth0\",\"veth1\"]}]\n";
	struct sink s;

	sink_open(&s);
	json_print_set_file(s.fp);
	set_json_pretty(false);
	show(0);
	ktap_check(!is_json_context(), "text mode is not a JSON context");
	expect(sink_text(&s), text_want, "print helpers in text mode");
	sink_free(&s);

	sink_open(&s);
	json_print_set_file(s.fp);
	show(1);
	ktap_check(!is_json_context(), "delete_json_obj ends the JSON context");
	if (expect(sink_text(&s), json_want, "print helpers in JSON mode"))
		check_jq(s.buf, "the print helpers' JSON");
	sink_free(&s);

	sink_open(&s);
	json_print_set_file(s.fp);
	set_json_pretty(true);
	show(1);
	check_jq(sink_text(&s), "the print helpers' pretty JSON");
	sink_free(&s);

	sink_open(&s);
	json_print_set_file(s.fp);
	set_json_pretty(false);
	new_json_obj(1);
	delete_json_obj();
	expect(sink_text(&s), "[]\n", "an empty show prints []");
	sink_free(&s);

	sink_open(&s);
	json_print_set_file(s.fp);
	new_json_obj(1);
	open_json_object(NULL);
	print_string(PRINT_ANY, "name", "%s", "sw0");
	open_json_array(PRINT_JSON, "ports");
	print_string(PRINT_JSON, NULL, NULL, "p0");
	delete_json_obj();
	if (expect(sink_text(&s), "[{\"name\":\"sw0\",\"ports\":[\"p0\"]}]\n",
		   "delete_json_obj closes what a failed show left open"))
		check_jq(s.buf, "JSON cut short by an error");
	sink_free(&s);

	sink_open(&s);
	json_print_set_file(s.fp);
	new_json_obj(0);
	delete_json_obj();
	expect(sink_text(&s), "", "an empty show in text prints nothing");
	sink_free(&s);
	json_print_set_file(NULL);
}

int main(void)
{
	ktap_init();
	test_escaping();
	test_writer();
	test_print();
	return ktap_finish();
}
