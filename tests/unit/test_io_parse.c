// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Unit tests of the daemon's command-line parsers (user/io/parse.c: RFC 4291 §2.3 address
 * notation, rates, the RFC 8200 §4 protocol/port pairs of `xdp6ctl serve`) and of the JSON
 * writer's RFC 8259 §7 string escapes (user/io/json.c). */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>

#include "check.h"
#include "io/json.h"
#include "io/parse.h"
#include "xdp6_wire.h"

static void serve_udp_port_gives_proto_17_and_the_port(void)
{
	uint8_t proto = 0;
	uint16_t port = 0;

	CASE_BEGIN("serve_udp_port_gives_proto_17_and_the_port");
	CHECK(parse_serve("udp/33434", &proto, &port) == 0, "udp/33434 refused");
	CHECK(proto == IP6_NH_UDP && port == 33434, "got %u/%u", proto, port);
	CHECK(parse_serve("tcp/65535", &proto, &port) == 0, "tcp/65535 refused");
	CHECK(proto == IP6_NH_TCP && port == 65535, "got %u/%u", proto, port);
	CASE_END();
}

static void serve_without_port_is_whole_protocol_port_0(void)
{
	uint8_t proto = 0;
	uint16_t port = 1;

	CASE_BEGIN("serve_without_port_is_whole_protocol_port_0");
	CHECK(parse_serve("tcp", &proto, &port) == 0 && proto == IP6_NH_TCP && port == 0,
	      "tcp: %u/%u", proto, port);
	port = 1;
	CHECK(parse_serve("253", &proto, &port) == 0 && proto == 253 && port == 0,
	      "253: %u/%u", proto, port);
	CHECK(parse_serve("0", &proto, &port) == 0 && proto == 0, "0: %u", proto);
	CASE_END();
}

static void serve_port_only_for_protocols_with_ports(void)
{
	uint8_t proto;
	uint16_t port;

	CASE_BEGIN("serve_port_only_for_protocols_with_ports");
	CHECK(parse_serve("132/9899", &proto, &port) == 0 && proto == 132 && port == 9899,
	      "SCTP port refused");
	CHECK(parse_serve("33/1", &proto, &port) == 0, "DCCP port refused");
	CHECK(parse_serve("136/7", &proto, &port) == 0, "UDP-Lite port refused");
	CHECK(parse_serve("17/53", &proto, &port) == 0 && proto == IP6_NH_UDP && port == 53,
	      "17/53 refused");
	CHECK(parse_serve("253/5", &proto, &port) == -EPROTONOSUPPORT, "253/5 accepted");
	CHECK(parse_serve("58/1", &proto, &port) == -EPROTONOSUPPORT, "58/1 accepted");
	CASE_END();
}

static void serve_malformed_specs_refused_einval(void)
{
	static const char *const bad[] = {
		"", "udp/", "udp/0", "udp/65536", "256", "icmp", "UDP", "udp/1x", "/5", "-1",
		"udp//5", "udp/ 5", "+17", "17:5", "1000000000000000000000",
	};
	uint8_t proto = 7;
	uint16_t port = 7;
	size_t i;

	CASE_BEGIN("serve_malformed_specs_refused_einval");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(parse_serve(bad[i], &proto, &port) == -EINVAL, "'%s' accepted", bad[i]);
	CHECK(proto == 7 && port == 7, "outputs written on failure");
	CASE_END();
}

static void serve_proto_name_parses_back_for_all_256(void)
{
	char buf[8];
	uint8_t proto;
	uint16_t port;
	unsigned p;

	CASE_BEGIN("serve_proto_name_parses_back_for_all_256");
	CHECK(!strcmp(serve_proto_name(IP6_NH_UDP, buf, sizeof(buf)), "udp"), "17 not udp");
	CHECK(!strcmp(serve_proto_name(IP6_NH_TCP, buf, sizeof(buf)), "tcp"), "6 not tcp");
	CHECK(!strcmp(serve_proto_name(132, buf, sizeof(buf)), "132"), "132 named");
	for (p = 0; p < 256; p++)
		CHECK(parse_serve(serve_proto_name((uint8_t)p, buf, sizeof(buf)), &proto,
				  &port) == 0 && proto == p && port == 0,
		      "%u -> '%s' -> %u", p, buf, proto);
	CASE_END();
}

static void rate_burst_defaults_to_pps_and_zero_burst_refused(void)
{
	uint32_t pps, burst;

	CASE_BEGIN("rate_burst_defaults_to_pps_and_zero_burst_refused");
	CHECK(parse_rate("1000:50", &pps, &burst) == 0 && pps == 1000 && burst == 50,
	      "1000:50 -> %u:%u", pps, burst);
	CHECK(parse_rate("10", &pps, &burst) == 0 && pps == 10 && burst == 10,
	      "10 -> %u:%u", pps, burst);
	CHECK(parse_rate("0", &pps, &burst) == 0 && pps == 0 && burst == 1,
	      "0 -> %u:%u", pps, burst);
	CHECK(parse_rate("5:0", &pps, &burst) == -EINVAL, "5:0 accepted");
	CHECK(parse_rate(":5", &pps, &burst) == -EINVAL, ":5 accepted");
	CHECK(parse_rate("5:", &pps, &burst) == -EINVAL, "5: accepted");
	CHECK(parse_rate("4294967296", &pps, &burst) == -EINVAL, "2^32 accepted");
	CASE_END();
}

static void addr_plen_default_and_range(void)
{
	struct in6_addr a, want;
	uint8_t plen;

	CASE_BEGIN("addr_plen_default_and_range");
	inet_pton(AF_INET6, "2001:db8::1", &want);
	CHECK(parse_addr_plen("2001:db8::1", &a, &plen, 64) == 0 && plen == 64 &&
	      !memcmp(&a, &want, sizeof(a)), "default plen");
	CHECK(parse_addr_plen("2001:db8::1/128", &a, &plen, 64) == 0 && plen == 128, "/128");
	CHECK(parse_addr_plen("2001:db8::1/0", &a, &plen, 64) == 0 && plen == 0, "/0");
	CHECK(parse_addr_plen("2001:db8::1/129", &a, &plen, 64) == -EINVAL, "/129 accepted");
	CHECK(parse_addr_plen("2001:db8::1/", &a, &plen, 64) == -EINVAL, "/ accepted");
	CHECK(parse_addr_plen("2001:db8::g", &a, &plen, 64) == -EINVAL, "bad hex accepted");
	CHECK(parse_addr_plen("192.0.2.1", &a, &plen, 64) == -EINVAL, "IPv4 accepted");
	CASE_END();
}

static void json_string_escapes_quote_backslash_and_controls(void)
{
	struct sbuf b = { 0 };
	struct json j;

	CASE_BEGIN("json_string_escapes_quote_backslash_and_controls");
	json_init(&j, &b);
	json_arr_begin(&j, NULL);
	json_obj_begin(&j, NULL);
	json_str(&j, "k\"", "a\"b\\c\n\x01");
	json_u64(&j, "n", 18446744073709551615ull);
	json_bool(&j, "t", true);
	json_obj_end(&j);
	json_obj_begin(&j, NULL);
	json_obj_end(&j);
	json_arr_end(&j);
	CHECK(b.p && !strcmp(b.p, "[{\"k\\\"\":\"a\\\"b\\\\c\\u000a\\u0001\","
			      "\"n\":18446744073709551615,\"t\":true},{}]\n"),
	      "got %s", b.p ? b.p : "(null)");
	sbuf_free(&b);
	CASE_END();
}

int main(void)
{
	serve_udp_port_gives_proto_17_and_the_port();
	serve_without_port_is_whole_protocol_port_0();
	serve_port_only_for_protocols_with_ports();
	serve_malformed_specs_refused_einval();
	serve_proto_name_parses_back_for_all_256();
	rate_burst_defaults_to_pps_and_zero_burst_refused();
	addr_plen_default_and_range();
	json_string_escapes_quote_backslash_and_controls();
	return check_exit();
}
