// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Tests of the tool's entry point: global options, object dispatch, help
 * and batch mode.  Each run of ovx_run() happens in a child process with
 * its output captured (capture.h).  A fake object registered in a test
 * table reports what it was given and returns the exit code it is told.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ovx.h"
#include "ktap.h"
#include "capture.h"

/*
 * "fake ok|fail|usage|neg|ctx ARGS...": prints its arguments and the
 * global options to stdout, then returns 0, 1, 255, -1, or the result of
 * asking for the libovx context.
 */
static int do_fake(struct ovx_cli *cli, int argc, char **argv)
{
	int i;

	printf("fake[%d]", argc);
	for (i = 0; i < argc; i++)
		printf(" %s", argv[i]);
	printf(" (json=%d pretty=%d stats=%d details=%d force=%d)\n",
	       cli->json, cli->pretty, cli->stats, cli->details, cli->force);
	if (argc == 0)
		return OVX_EXIT_OK;
	if (!strcmp(argv[0], "fail"))
		return OVX_EXIT_ERR;
	if (!strcmp(argv[0], "usage"))
		return OVX_EXIT_USAGE;
	if (!strcmp(argv[0], "neg"))
		return -1;
	if (!strcmp(argv[0], "ctx"))
		return cli_ctx(cli) ? OVX_EXIT_OK : OVX_EXIT_ERR;
	return OVX_EXIT_OK;
}

static const struct ovx_cmd test_cmds[] = {
	{ "fake", do_fake },
	{ "help", do_help },
	{ NULL, NULL },
};

struct run_args {
	const struct ovx_cmd *cmds;
	char *argv[16];
};

static int run_child(void *arg)
{
	struct run_args *a = arg;
	int argc = 0;

	while (a->argv[argc])
		argc++;
	return ovx_run(argc, a->argv, a->cmds);
}

/*
 * Runs "ovx ARGS..." (NULL-terminated) with @input on stdin, with the real
 * object table or the test one.
 */
static void run(struct captured *c, const struct ovx_cmd *cmds,
		const char *input, ...)
{
	struct run_args a = { .cmds = cmds, .argv = { "ovx" } };
	va_list ap;
	int i = 1;

	va_start(ap, input);
	while ((a.argv[i] = va_arg(ap, char *)))
		i++;
	va_end(ap);
	capture(run_child, &a, input, c);
}

static bool has(const char *haystack, const char *needle)
{
	return strstr(haystack, needle) != NULL;
}

static int count(const char *haystack, const char *needle)
{
	int n = 0;

	while ((haystack = strstr(haystack, needle))) {
		n++;
		haystack += strlen(needle);
	}
	return n;
}

/* Records a result and, when it failed, what the run printed. */
static void check_run(const struct captured *c, bool ok, const char *desc)
{
	if (ktap_check(ok, "%s", desc))
		return;
	ktap_diag("exit status %d", c->status);
	ktap_diag("stdout: %s", c->out);
	ktap_diag("stderr: %s", c->err);
}

static void test_help(void)
{
	const struct ovx_grammar *g;
	const char *const *line;
	struct captured c;
	static const char synopsis[] =
		"Usage: ovx [-j[son]] [-p[retty]] [-s[tats]] [-n[etns] NAME] "
		"[-b[atch] FILE] [-force] [-V] OBJECT COMMAND ...\n";
	bool all = true;
	char want[512];

	run(&c, ovx_cmds, NULL, "help", NULL);
	for (g = ovx_grammar; g->object; g++)
		for (line = g->lines; *line; line++) {
			snprintf(want, sizeof(want), "       ovx %s\n", *line);
			all = all && has(c.out, want);
		}
	check_run(&c, c.status == 0 && all && !*c.err &&
		  !strncmp(c.out, synopsis, strlen(synopsis)) &&
		  has(c.out, "OBJECT := { switch | net | port | peer | fdb | neigh | router | route | service | topology | monitor | help }"),
		  "ovx help prints the synopsis and every grammar line to stdout");
	captured_free(&c);

	/* ovx topology: usage errors need no file, no kernel. */
	run(&c, ovx_cmds, NULL, "topology", "apply", NULL);
	check_run(&c, c.status == OVX_EXIT_USAGE && has(c.err, "FILE"),
		  "topology apply without FILE is a usage error");
	captured_free(&c);
	run(&c, ovx_cmds, NULL, "topology", "apply", "f.yaml", "host", "a",
	    "etcd", "http://x", NULL);
	check_run(&c, c.status == OVX_EXIT_USAGE,
		  "topology apply: host and etcd conflict");
	captured_free(&c);
	run(&c, ovx_cmds, NULL, "topology", "apply", "f.yaml", "bogus", NULL);
	check_run(&c, c.status == OVX_EXIT_USAGE && has(c.err, "bogus"),
		  "topology apply: an unknown word is a usage error");
	captured_free(&c);
	run(&c, ovx_cmds, NULL, "topology", "apply", "/nonexistent.yaml",
	    "dry-run", NULL);
	check_run(&c, c.status == OVX_EXIT_ERR &&
		  has(c.err, "/nonexistent.yaml"),
		  "topology apply: a missing file is named, exit 1");
	captured_free(&c);
	run(&c, ovx_cmds, NULL, "topology", "help", NULL);
	check_run(&c, c.status == 0 &&
		  has(c.out, "ovx topology apply FILE [host NAME] [etcd URL] [revision N] [dry-run] [wait [SECONDS]]") &&
		  has(c.out, "ovx topology status etcd URL"),
		  "ovx topology help prints its grammar");
	captured_free(&c);
	run(&c, ovx_cmds, NULL, "topology", "apply", "f.yaml", "etcd",
	    "http://x", "revision", "-1", NULL);
	check_run(&c, c.status == OVX_EXIT_USAGE && has(c.err, "-1"),
		  "topology apply: revision takes a number");
	captured_free(&c);
	run(&c, ovx_cmds, NULL, "topology", "apply", "f.yaml", "revision", "3",
	    NULL);
	check_run(&c, c.status == OVX_EXIT_USAGE && has(c.err, "etcd"),
		  "topology apply: revision needs etcd");
	captured_free(&c);
	run(&c, ovx_cmds, NULL, "topology", "apply", "f.yaml", "etcd",
	    "http://x", "revision", "3", "revision", "4", NULL);
	check_run(&c, c.status == OVX_EXIT_USAGE && has(c.err, "revision"),
		  "topology apply: revision twice is a usage error");
	captured_free(&c);
	run(&c, ovx_cmds, NULL, "topology", "status", NULL);
	check_run(&c, c.status == OVX_EXIT_USAGE && has(c.err, "etcd URL"),
		  "topology status without etcd URL is a usage error");
	captured_free(&c);
	run(&c, ovx_cmds, NULL, "topology", "status", "etcd", "http://x",
	    "bogus", NULL);
	check_run(&c, c.status == OVX_EXIT_USAGE && has(c.err, "bogus"),
		  "topology status: an unknown word is a usage error");
	captured_free(&c);

	run(&c, ovx_cmds, NULL, "-j", "-p", "help", NULL);
	check_run(&c, c.status == 0 && has(c.out, "Usage: ovx") && !*c.err,
		  "ovx -j -p help prints the help");
	captured_free(&c);

	run(&c, ovx_cmds, NULL, "help", "fdb", NULL);
	check_run(&c, c.status == 0 &&
		  !strcmp(c.out,
			  "Usage: ovx fdb add MAC net NAME (dev IFNAME | peer ADDR) [seq N] | del MAC net NAME\n"
			  "       ovx fdb show [net NAME] [dev IFNAME | peer ADDR] [static | learned]\n"
			  "       ovx fdb get MAC net NAME\n"
			  "       ovx fdb flush [net NAME] [dev IFNAME | peer ADDR] [learned]\n"),
		  "ovx help fdb prints the fdb grammar only");
	captured_free(&c);

	run(&c, ovx_cmds, NULL, "help", "bogus", NULL);
	check_run(&c, c.status == 255 && !*c.out &&
		  !strcmp(c.err, "Object \"bogus\" is unknown, try \"ovx help\".\n"),
		  "ovx help bogus: 255");
	captured_free(&c);

	run(&c, ovx_cmds, NULL, "help", "fdb", "x", NULL);
	check_run(&c, c.status == 255, "ovx help with two words: 255");
	captured_free(&c);

	run(&c, ovx_cmds, NULL, "-h", NULL);
	check_run(&c, c.status == 0 && has(c.out, "Usage: ovx") && !*c.err,
		  "ovx -h prints the help to stdout");
	captured_free(&c);

	run(&c, ovx_cmds, NULL, "--help", NULL);
	check_run(&c, c.status == 0 && has(c.out, "Options:"),
		  "ovx --help prints the help");
	captured_free(&c);

	run(&c, ovx_cmds, NULL, NULL);
	check_run(&c, c.status == 255 && !*c.out && has(c.err, "Usage: ovx"),
		  "ovx without an object: usage on stderr, 255");
	captured_free(&c);
}

static void test_version(void)
{
	static const char *const forms[] = { "-V", "-Version", "--Version",
					     "--version" };
	char want[64];
	size_t i;

	snprintf(want, sizeof(want), "ovx %s, libovx %s\n", OVX_VERSION,
		 ovx_lib_version());
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		struct captured c;
		char desc[64];

		run(&c, ovx_cmds, NULL, forms[i], "bogus", NULL);
		snprintf(desc, sizeof(desc), "ovx %s prints both versions",
			 forms[i]);
		check_run(&c, c.status == 0 && !strcmp(c.out, want) && !*c.err,
			  desc);
		captured_free(&c);
	}
}

static void test_dispatch(void)
{
	struct captured c;

	run(&c, ovx_cmds, NULL, "foo", NULL);
	check_run(&c, c.status == 255 && !*c.out &&
		  !strcmp(c.err, "Object \"foo\" is unknown, try \"ovx help\".\n"),
		  "unknown object: one line on stderr, 255");
	captured_free(&c);

	run(&c, ovx_cmds, NULL, "hel", NULL);
	check_run(&c, c.status == 255, "no prefix matching of objects (\"hel\")");
	captured_free(&c);

	run(&c, test_cmds, NULL, "fake", "ok", "a", "b c", NULL);
	check_run(&c, c.status == 0 &&
		  !strcmp(c.out, "fake[3] ok a b c (json=0 pretty=0 stats=0 details=0 force=0)\n"),
		  "the object gets the words after its name");
	captured_free(&c);

	run(&c, test_cmds, NULL, "fake", NULL);
	check_run(&c, c.status == 0 && has(c.out, "fake[0]"),
		  "the object may get no words");
	captured_free(&c);

	run(&c, test_cmds, NULL, "fake", "fail", NULL);
	check_run(&c, c.status == 1, "the object's exit code 1 is kept");
	captured_free(&c);

	run(&c, test_cmds, NULL, "fake", "usage", NULL);
	check_run(&c, c.status == 255, "the object's exit code 255 is kept");
	captured_free(&c);

	run(&c, test_cmds, NULL, "fake", "neg", NULL);
	check_run(&c, c.status == 1, "a negative return becomes exit code 1");
	captured_free(&c);
}

static void test_options(void)
{
	struct captured c;

	run(&c, test_cmds, NULL, "-j", "-p", "-s", "-s", "-d", "fake", NULL);
	check_run(&c, c.status == 0 &&
		  has(c.out, "(json=1 pretty=1 stats=2 details=1 force=0)"),
		  "short options, -s counted");
	captured_free(&c);

	run(&c, test_cmds, NULL, "-json", "-pretty", "-stats", "-details",
	    "-force", "fake", NULL);
	check_run(&c, c.status == 0 &&
		  has(c.out, "(json=1 pretty=1 stats=1 details=1 force=1)"),
		  "long options");
	captured_free(&c);

	run(&c, test_cmds, NULL, "--json", "--stats", "--force", "fake", NULL);
	check_run(&c, c.status == 0 &&
		  has(c.out, "(json=1 pretty=0 stats=1 details=0 force=1)"),
		  "double-dash long options");
	captured_free(&c);

	run(&c, test_cmds, NULL, "--", "fake", NULL);
	check_run(&c, c.status == 0 && has(c.out, "fake[0]"),
		  "-- ends the options");
	captured_free(&c);

	run(&c, test_cmds, NULL, "-x", "fake", NULL);
	check_run(&c, c.status == 255 && !*c.out &&
		  !strcmp(c.err, "Option \"-x\" is unknown, try \"ovx -help\".\n"),
		  "unknown option: 255");
	captured_free(&c);

	run(&c, test_cmds, NULL, "-js", "fake", NULL);
	check_run(&c, c.status == 255, "no prefix matching of options (\"-js\")");
	captured_free(&c);

	run(&c, test_cmds, NULL, "-jp", "fake", NULL);
	check_run(&c, c.status == 255, "no bundling of options (\"-jp\")");
	captured_free(&c);

	run(&c, test_cmds, NULL, "-n", NULL);
	check_run(&c, c.status == 255 &&
		  !strcmp(c.err, "Error: \"-n\" requires an argument.\n"),
		  "-n without a name: 255");
	captured_free(&c);

	run(&c, test_cmds, NULL, "-batch", NULL);
	check_run(&c, c.status == 255, "-batch without a file: 255");
	captured_free(&c);

	run(&c, test_cmds, NULL, "-n", "a", "-netns", "b", "fake", NULL);
	check_run(&c, c.status == 255 && has(c.err, "duplicate"),
		  "-netns twice: 255");
	captured_free(&c);

	run(&c, test_cmds, NULL, "-n", "../etc", "fake", NULL);
	check_run(&c, c.status == 255 && !*c.out && has(c.err, "\"../etc\""),
		  "-n with a path is refused: 255");
	captured_free(&c);

	run(&c, test_cmds, NULL, "-n", "ovx-test-no-such-netns", "fake", NULL);
	check_run(&c, c.status == 1 && !*c.out &&
		  has(c.err, "Cannot open network namespace \"ovx-test-no-such-netns\""),
		  "-n with a missing namespace: 1, before the command runs");
	captured_free(&c);
}

/* Writes @text to a temporary file; returns its path (free and unlink). */
static char *temp_file(const char *text)
{
	char *path = strdup("/tmp/ovx-batch-test-XXXXXX");
	FILE *fp;
	int fd;

	if (!path)
		abort();
	fd = mkstemp(path);
	if (fd < 0 || !(fp = fdopen(fd, "w")))
		abort();
	fputs(text, fp);
	fclose(fp);
	return path;
}

static const char batch_text[] =
	"# a batch\n"
	"fake ok one\n"
	"\n"
	"   # indented comment\n"
	"fake fail two   # the failing line is line 5\n"
	"fake ok \"three and\" 'a half'\n";

static void test_batch(void)
{
	char *path = temp_file(batch_text);
	char want[128];
	struct captured c;

	run(&c, test_cmds, NULL, "-b", path, NULL);
	snprintf(want, sizeof(want), "Command failed %s:5\n", path);
	check_run(&c, c.status == 1 && !strcmp(c.err, want) &&
		  has(c.out, "fake[2] ok one") && has(c.out, "fake[2] fail two") &&
		  !has(c.out, "three"),
		  "batch stops at the failing line 5");
	captured_free(&c);

	run(&c, test_cmds, NULL, "-force", "-batch", path, NULL);
	check_run(&c, c.status == 1 && !strcmp(c.err, want) &&
		  has(c.out, "fake[2] fail two") &&
		  has(c.out, "fake[3] ok three and a half (json=0 pretty=0 stats=0 details=0 force=1)"),
		  "batch with -force goes on, still exits 1");
	captured_free(&c);

	run(&c, test_cmds, "fake ok a\nfake ok b\n", "-j", "-b", "-", NULL);
	check_run(&c, c.status == 0 && !*c.err &&
		  has(c.out, "fake[2] ok a (json=1") &&
		  has(c.out, "fake[2] ok b (json=1"),
		  "batch from stdin, all good: 0, options apply to every line");
	captured_free(&c);

	run(&c, test_cmds, "help\nbogus\nhelp\n", "-b", "-", NULL);
	check_run(&c, c.status == 1 &&
		  !strcmp(c.err, "Object \"bogus\" is unknown, try \"ovx help\".\n"
				 "Command failed -:2\n") &&
		  count(c.out, "Usage: ovx [") == 1,
		  "unknown object in a batch: Command failed -:2, stop");
	captured_free(&c);

	run(&c, test_cmds, "help\nbogus\nhelp\n", "-force", "-b", "-", NULL);
	check_run(&c, c.status == 1 &&
		  !strcmp(c.err, "Object \"bogus\" is unknown, try \"ovx help\".\n"
				 "Command failed -:2\n") &&
		  count(c.out, "Usage: ovx [") == 2,
		  "the same with -force runs line 3 too, exit 1");
	captured_free(&c);

	run(&c, test_cmds, "fake ok \\\n  cont inued\nfake fail\n", "-b", "-",
	    NULL);
	check_run(&c, c.status == 1 && has(c.out, "fake[3] ok cont inued") &&
		  !strcmp(c.err, "Command failed -:3\n"),
		  "a trailing backslash continues the command on the next line");
	captured_free(&c);

	run(&c, test_cmds, "fake ok \"open\nfake ok after\n", "-force", "-b",
	    "-", NULL);
	check_run(&c, c.status == 1 &&
		  !strcmp(c.err, "Error: unterminated quote\nCommand failed -:1\n") &&
		  has(c.out, "fake[2] ok after"),
		  "unterminated quote fails its line only (with -force)");
	captured_free(&c);

	run(&c, test_cmds, "fake ok \\\n", "-b", "-", NULL);
	check_run(&c, c.status == 1 && has(c.err, "Command failed -:1"),
		  "a continuation at the end of the file fails");
	captured_free(&c);

	run(&c, test_cmds, "fake ok\r\nfake neg\r\n", "-b", "-", NULL);
	check_run(&c, c.status == 1 && has(c.out, "fake[1] ok (") &&
		  !strcmp(c.err, "Command failed -:2\n"),
		  "CRLF lines; a negative return fails the line");
	captured_free(&c);

	run(&c, test_cmds, "", "-b", "-", NULL);
	check_run(&c, c.status == 0 && !*c.out && !*c.err,
		  "an empty batch succeeds");
	captured_free(&c);

	run(&c, test_cmds, NULL, "-b", path, "fake", NULL);
	check_run(&c, c.status == 255 && !*c.out,
		  "-batch with an object on the command line: 255");
	captured_free(&c);

	run(&c, test_cmds, NULL, "-b", "/nonexistent/ovx-batch", NULL);
	check_run(&c, c.status == 1 &&
		  has(c.err, "Cannot open file \"/nonexistent/ovx-batch\""),
		  "missing batch file: 1");
	captured_free(&c);

	unlink(path);
	free(path);
}

/*
 * Whether the module is loaded decides what "fake ctx" does; both
 * outcomes are checked, the one that applies here for real.
 */
static void test_ctx(void)
{
	static const char msg[] =
		"ovx: the ovx kernel module is not loaded (generic netlink family \"ovx\" not found)\n";
	struct ovx_ctx *ctx = NULL;
	struct captured c;
	int err;

	err = ovx_open(&ctx);
	ovx_close(ctx);
	if (err && err != -EPROTONOSUPPORT) {
		ktap_skip("no generic netlink here", "context is opened lazily");
		return;
	}

	run(&c, test_cmds, NULL, "fake", "ctx", NULL);
	if (err == -EPROTONOSUPPORT)
		check_run(&c, c.status == 1 && !strcmp(c.err, msg),
			  "without the module: one line, exit 1");
	else
		check_run(&c, c.status == 0 && !*c.err,
			  "with the module: the context opens");
	captured_free(&c);

	run(&c, test_cmds, "fake ctx\nfake ctx\nfake ok\n", "-force", "-b", "-",
	    NULL);
	if (err == -EPROTONOSUPPORT)
		check_run(&c, c.status == 1 && has(c.out, "fake[1] ok") &&
			  has(c.err, "Command failed -:2\n"),
			  "without the module: every line that needs it fails");
	else
		check_run(&c, c.status == 0,
			  "with the module: one context serves the batch");
	captured_free(&c);
}

/* ovx help and the dispatch table must not drift apart. */
static void test_tables(void)
{
	const struct ovx_grammar *g;
	const struct ovx_cmd *cmd;
	bool ok = true;
	FILE *devnull = fopen("/dev/null", "w");

	if (!devnull)
		abort();
	for (cmd = ovx_cmds; cmd->name; cmd++)
		if (print_object_usage(devnull, cmd->name))
			ok = false;
	ktap_check(ok, "every registered object has grammar lines");
	fclose(devnull);

	for (g = ovx_grammar; g->object; g++) {
		for (cmd = ovx_cmds; cmd->name; cmd++)
			if (!strcmp(cmd->name, g->object))
				break;
		ktap_check(cmd->name != NULL, "object \"%s\" is registered",
			   g->object);
	}
}

int main(void)
{
	ktap_init();
	test_help();
	test_version();
	test_dispatch();
	test_options();
	test_batch();
	test_ctx();
	test_tables();
	return ktap_finish();
}
