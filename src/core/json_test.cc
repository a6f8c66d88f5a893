#include "core/json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>


namespace hemu {
namespace {

// Fixed-seed randomness for the fuzz tests. std::mt19937_64's output is fixed by the standard
// (distributions are not, so none are used). core/rng.h does not compile at the moment
// (Rng::sample_indices has a vexing parse), hence this small stand-in.
class TestRng {
 public:
  explicit TestRng(uint64_t seed) : engine_(seed) {}
  uint64_t next_u64() { return engine_(); }
  int uniform_int(int lo, int hi) { return lo + int(engine_() % uint64_t(int64_t(hi) - lo + 1)); }
  bool chance(double p) { return double(engine_() >> 11) * 0x1.0p-53 < p; }

 private:
  std::mt19937_64 engine_;
};

Json parse_ok(std::string_view text) {
  Result<Json> result = Json::parse(text);
  EXPECT_TRUE(result.ok()) << "input: " << text << "\nerror: " << result.status().to_string();
  return result.ok() ? *result : Json();
}

std::string parse_error(std::string_view text) {
  Result<Json> result = Json::parse(text);
  EXPECT_FALSE(result.ok()) << "input unexpectedly parsed: " << text;
  if (result.ok()) return "";
  EXPECT_EQ(result.status().code(), ErrorCode::kInvalidArgument);
  return result.status().message();
}

TEST(JsonTest, ScalarsHaveTheirTypes) {
  EXPECT_TRUE(Json().is_null());
  EXPECT_TRUE(Json(nullptr).is_null());
  EXPECT_TRUE(Json(true).is_bool());
  EXPECT_TRUE(Json(false).as_bool() == false);
  EXPECT_EQ(Json(42).as_int(), 42);
  EXPECT_EQ(Json(int64_t{-7}).as_int(), -7);
  EXPECT_EQ(Json(size_t{9}).as_int(), 9);
  EXPECT_EQ(Json(2.5).as_number(), 2.5);
  EXPECT_EQ(Json("abc").as_string(), "abc");
  EXPECT_EQ(Json(std::string("s")).type(), Json::Type::kString);
  EXPECT_EQ(Json(std::string_view("v")).as_string(), "v");
  EXPECT_TRUE(Json::array().is_array());
  EXPECT_TRUE(Json::object().is_object());
  EXPECT_EQ(Json(5).size(), 0u);
}

TEST(JsonTest, IsInteger) {
  EXPECT_TRUE(Json(3).is_integer());
  EXPECT_TRUE(Json(3.0).is_integer());
  EXPECT_TRUE(Json(-0.0).is_integer());
  EXPECT_FALSE(Json(3.5).is_integer());
  EXPECT_FALSE(Json(1e300).is_integer());
  EXPECT_FALSE(Json(9223372036854775808.0).is_integer());  // 2^63
  EXPECT_TRUE(Json(-9223372036854775808.0).is_integer());  // -2^63
  EXPECT_FALSE(Json(std::nan("")).is_integer());
  EXPECT_FALSE(Json("3").is_integer());
  EXPECT_EQ(Json(-9223372036854775808.0).as_int(), std::numeric_limits<int64_t>::min());
  EXPECT_FALSE(Json(uint64_t{18446744073709551615u}).is_integer());
}

TEST(JsonTest, ObjectsKeepInsertionOrderAndOperatorIndexInserts) {
  Json j;
  j["zeta"] = 1;
  j["alpha"] = "two";
  j["mid"]["inner"] = true;
  j["zeta"] = 3;  // replaces in place
  ASSERT_TRUE(j.is_object());
  ASSERT_EQ(j.size(), 3u);
  EXPECT_EQ(j.items()[0].first, "zeta");
  EXPECT_EQ(j.items()[1].first, "alpha");
  EXPECT_EQ(j.items()[2].first, "mid");
  EXPECT_EQ(j.dump(), R"({"zeta":3,"alpha":"two","mid":{"inner":true}})");
  ASSERT_NE(j.find("alpha"), nullptr);
  EXPECT_EQ(j.find("alpha")->as_string(), "two");
  EXPECT_EQ(j.find("missing"), nullptr);
  EXPECT_EQ(Json(5).find("x"), nullptr);
  EXPECT_EQ(Json::array().find("x"), nullptr);
}

TEST(JsonTest, PushBackTurnsNullIntoArray) {
  Json j;
  j.push_back(1);
  j.push_back("x");
  j.push_back(Json::object());
  ASSERT_TRUE(j.is_array());
  EXPECT_EQ(j.size(), 3u);
  EXPECT_EQ(j.dump(), R"([1,"x",{}])");
  j.as_array()[0] = false;
  EXPECT_EQ(j.as_array()[0], Json(false));
}

TEST(JsonDeathTest, AccessorsCheckTheType) {
  EXPECT_DEATH(Json("x").as_int(), "HEMU_CHECK failed");
  EXPECT_DEATH(Json(1.5).as_int(), "HEMU_CHECK failed");
  EXPECT_DEATH(Json(1).as_string(), "HEMU_CHECK failed");
  EXPECT_DEATH(Json(1).push_back(2), "HEMU_CHECK failed");
  EXPECT_DEATH(Json::array()["k"], "HEMU_CHECK failed");
  EXPECT_DEATH(Json(true).items(), "HEMU_CHECK failed");
}

TEST(JsonTest, DumpCompactAndIndented) {
  Json j = Json::object();
  j["a"] = Json::array();
  j["a"].push_back(1);
  j["a"].push_back(Json::array());
  j["b"] = Json::object();
  j["c"] = nullptr;
  EXPECT_EQ(j.dump(), R"({"a":[1,[]],"b":{},"c":null})");
  EXPECT_EQ(j.dump(2), "{\n  \"a\": [\n    1,\n    []\n  ],\n  \"b\": {},\n  \"c\": null\n}");
  EXPECT_EQ(j.dump(0), "{\n\"a\": [\n1,\n[]\n],\n\"b\": {},\n\"c\": null\n}");
  EXPECT_EQ(parse_ok(j.dump(4)), j);
}

TEST(JsonTest, DumpNumbers) {
  EXPECT_EQ(Json(0).dump(), "0");
  EXPECT_EQ(Json(-12).dump(), "-12");
  EXPECT_EQ(Json(2.0).dump(), "2");
  EXPECT_EQ(Json(0.1).dump(), "0.1");
  EXPECT_EQ(Json(0.5).dump(), "0.5");
  EXPECT_EQ(Json(1.0 / 3).dump(), "0.3333333333333333");
  EXPECT_EQ(Json(1e300).dump(), "1e+300");
  EXPECT_EQ(Json(-0.0).dump(), "-0");
  EXPECT_EQ(Json(std::numeric_limits<int64_t>::max()).dump(), "9223372036854775807");
  EXPECT_EQ(Json(std::numeric_limits<int64_t>::min()).dump(), "-9223372036854775808");
  EXPECT_EQ(Json(std::nan("")).dump(), "null");
  EXPECT_EQ(Json(std::numeric_limits<double>::infinity()).dump(), "null");
  EXPECT_EQ(Json(5e-324).dump(), "5e-324");
}

TEST(JsonTest, DoublesRoundTripExactly) {
  TestRng rng(7);
  for (int i = 0; i < 2000; ++i) {
    uint64_t bits = rng.next_u64();
    double d;
    std::memcpy(&d, &bits, sizeof d);
    if (!std::isfinite(d)) continue;
    Json parsed = parse_ok(Json(d).dump());
    const double back = parsed.as_number();
    ASSERT_EQ(std::memcmp(&d, &back, sizeof d), 0) << Json(d).dump();  // bit-exact, keeps -0
  }
}

TEST(JsonTest, DumpEscapesStrings) {
  EXPECT_EQ(Json("a\"b\\c/d").dump(), R"("a\"b\\c/d")");
  EXPECT_EQ(Json("\b\f\n\r\t").dump(), R"("\b\f\n\r\t")");
  EXPECT_EQ(Json(std::string("\x01\x1f\x7f", 3)).dump(), "\"\\u0001\\u001F\x7f\"");
  EXPECT_EQ(Json(std::string("nul\0x", 5)).dump(), R"("nul\u0000x")");
  EXPECT_EQ(Json("héllo 😀").dump(), "\"héllo 😀\"");
}

TEST(JsonTest, ParsesScalarsAndWhitespace) {
  EXPECT_EQ(parse_ok("null"), Json());
  EXPECT_EQ(parse_ok(" true "), Json(true));
  EXPECT_EQ(parse_ok("\t\r\nfalse\n"), Json(false));
  EXPECT_EQ(parse_ok("0"), Json(0));
  EXPECT_EQ(parse_ok("-0").dump(), "-0");
  EXPECT_EQ(parse_ok("-12.5e1"), Json(-125.0));
  EXPECT_EQ(parse_ok("1E2"), Json(100));
  EXPECT_EQ(parse_ok("1e-2"), Json(0.01));
  EXPECT_EQ(parse_ok("2.50"), Json(2.5));
  EXPECT_EQ(parse_ok("\"\""), Json(""));
  EXPECT_EQ(parse_ok("\xEF\xBB\xBF[1]"), parse_ok("[1]"));  // byte order mark
}

TEST(JsonTest, ParsesLargeIntegersExactly) {
  EXPECT_EQ(parse_ok("9007199254740993").as_int(), 9007199254740993);  // 2^53 + 1
  EXPECT_EQ(parse_ok("9223372036854775807").as_int(), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(parse_ok("-9223372036854775808").as_int(), std::numeric_limits<int64_t>::min());
  Json beyond = parse_ok("9223372036854775808");
  EXPECT_FALSE(beyond.is_integer());
  EXPECT_EQ(beyond.as_number(), 9223372036854775808.0);
  EXPECT_NE(parse_ok("9007199254740993"), parse_ok("9007199254740992"));
  EXPECT_EQ(parse_ok("9007199254740993").dump(), "9007199254740993");
}

TEST(JsonTest, ParsesExtremeDoubles) {
  EXPECT_EQ(parse_ok("1.7976931348623157e308").as_number(), std::numeric_limits<double>::max());
  EXPECT_EQ(parse_ok("5e-324").as_number(), 5e-324);
  EXPECT_EQ(parse_ok("1e-400").as_number(), 0.0);  // underflow rounds to zero
  EXPECT_EQ(parse_ok("0.000001e-400").as_number(), 0.0);
  EXPECT_TRUE(std::signbit(parse_ok("-1e-400").as_number()));
  EXPECT_EQ(parse_ok("0e99999999999").as_number(), 0.0);
  EXPECT_NE(parse_error("1e309").find("line 1, column 1: number out of range"), std::string::npos);
  EXPECT_NE(parse_error("-1e400").find("number out of range"), std::string::npos);
  EXPECT_NE(parse_error("123456789e99999999999999").find("number out of range"), std::string::npos);
  EXPECT_NE(parse_error(std::string(400, '9')).find("number out of range"), std::string::npos);
}

TEST(JsonTest, ParsesUnicodeEscapes) {
  EXPECT_EQ(parse_ok(R"("\u0041\u00e9\u20AC")").as_string(), "Aé€");
  EXPECT_EQ(parse_ok(R"("\ud83d\ude00")").as_string(), "😀");
  EXPECT_EQ(parse_ok(R"("\uDBFF\uDFFF")").as_string(), "\xF4\x8F\xBF\xBF");  // U+10FFFF
  EXPECT_EQ(parse_ok(R"("\u0000")").as_string(), std::string(1, '\0'));
  EXPECT_EQ(parse_ok(R"("\"\\\/\b\f\n\r\t")").as_string(), "\"\\/\b\f\n\r\t");
  EXPECT_EQ(parse_ok("\"raw 😀 é\"").as_string(), "raw 😀 é");
}

TEST(JsonTest, RejectsBadUnicode) {
  EXPECT_EQ(parse_error(R"("\ud83d")"),
            "line 1, column 2: unpaired UTF-16 surrogate \\ud83d (a high surrogate must be followed by "
            "\\uDC00..\\uDFFF)");
  EXPECT_NE(parse_error(R"("\ud83d\u0041")").find("got \\u0041"), std::string::npos);
  EXPECT_NE(parse_error(R"("\ude00")").find("unpaired UTF-16 surrogate \\ude00"), std::string::npos);
  EXPECT_NE(parse_error(R"("\ud83d\n")").find("unpaired"), std::string::npos);
  EXPECT_EQ(parse_error(R"("\u12G4")"), "line 1, column 6: expected four hex digits after \\u, got 'G'");
  EXPECT_NE(parse_error(R"("\u12)").find("expected four hex digits"), std::string::npos);
  EXPECT_EQ(parse_error("\"a\xFF\""), "line 1, column 3: invalid UTF-8 byte 0xFF in string");
  EXPECT_NE(parse_error("\"\xC0\x80\"").find("invalid UTF-8 byte 0xC0"), std::string::npos);  // overlong
  EXPECT_NE(parse_error("\"\xED\xA0\x80\"").find("invalid UTF-8"), std::string::npos);  // surrogate
  EXPECT_NE(parse_error("\"\xF4\x90\x80\x80\"").find("invalid UTF-8"), std::string::npos);  // > U+10FFFF
  EXPECT_NE(parse_error("\"\xE2\x82\"").find("invalid UTF-8"), std::string::npos);  // truncated
}

TEST(JsonTest, Utf8Validation) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain ascii"));
  EXPECT_TRUE(is_valid_utf8("é€😀\xF4\x8F\xBF\xBF"));
  EXPECT_FALSE(is_valid_utf8("\x80"));
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\x80"));  // overlong
  EXPECT_FALSE(is_valid_utf8("\xF0\x9F\x98"));  // truncated
}

// Every syntax error names its position and what was expected.
TEST(JsonTest, ErrorMessagesArePrecise) {
  struct Case {
    const char* input;
    const char* message;
  };
  const Case cases[] = {
      {"", "line 1, column 1: expected a JSON value, got end of input"},
      {"   ", "line 1, column 4: expected a JSON value, got end of input"},
      {"{\"a\":1 ]", "line 1, column 8: expected ',' or '}' in object, got ']'"},
      {"{\"a\":1,}", "line 1, column 8: trailing comma before '}' is not allowed"},
      {"[1,]", "line 1, column 4: trailing comma before ']' is not allowed"},
      {"[1 2]", "line 1, column 4: expected ',' or ']' in array, got '2'"},
      {"[1", "line 1, column 3: expected ',' or ']' in array, got end of input"},
      {"{1:2}", "line 1, column 2: expected a string key in object, got '1'"},
      {"{'a':2}", "line 1, column 2: strings must use double quotes: expected a string key in object, got '''"},
      {"['a']", "line 1, column 2: strings must use double quotes, got '''"},
      {"{\"a\" 2}", "line 1, column 6: expected ':' after object key, got '2'"},
      {"{\"a\":}", "line 1, column 6: expected a JSON value, got '}'"},
      {"{\"a\":1,\"a\":2}", "line 1, column 8: duplicate key \"a\" in object"},
      {"[1] x", "line 1, column 5: expected end of input after the JSON value, got 'x'"},
      {"{} {}", "line 1, column 4: expected end of input after the JSON value, got '{'"},
      {"01", "line 1, column 1: leading zeros are not allowed in numbers"},
      {"-01", "line 1, column 2: leading zeros are not allowed in numbers"},
      {"1.", "line 1, column 3: expected a digit after '.' in number, got end of input"},
      {"1.e5", "line 1, column 3: expected a digit after '.' in number, got 'e'"},
      {"1e", "line 1, column 3: expected a digit in the exponent of a number, got end of input"},
      {"1e+", "line 1, column 4: expected a digit in the exponent of a number, got end of input"},
      {"-", "line 1, column 2: expected a digit after '-', got end of input"},
      {"-x", "line 1, column 2: expected a digit after '-', got 'x'"},
      {"+1", "line 1, column 1: expected a JSON value, got '+'"},
      {".5", "line 1, column 1: expected a JSON value, got '.'"},
      {"NaN", "line 1, column 1: NaN and Infinity are not valid JSON numbers"},
      {"[Infinity]", "line 1, column 2: NaN and Infinity are not valid JSON numbers"},
      {"-Infinity", "line 1, column 1: NaN and Infinity are not valid JSON numbers"},
      {"tru", "line 1, column 1: unknown literal 'tru' (expected true, false or null)"},
      {"True", "line 1, column 1: unknown literal 'True' (expected true, false or null)"},
      {"nullx", "line 1, column 1: unknown literal 'nullx' (expected true, false or null)"},
      {"\"abc", "line 1, column 1: unterminated string (no closing '\"' before end of input)"},
      {"[\"abc\\", "line 1, column 6: unterminated string (ends inside an escape)"},
      {"\"a\nb\"", "line 1, column 3: raw control character 0x0A in string (write it as an escape such as "
                   "\\n or \\u000A)"},
      {"\"\\x\"", "line 1, column 2: invalid escape '\\x' in string (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t "
                  "\\uXXXX)"},
      {"// comment\n1", "line 1, column 1: expected a JSON value, got '/'"},
      {"\x01", "line 1, column 1: expected a JSON value, got byte 0x01"},
      {"\xC3\xA9", "line 1, column 1: expected a JSON value, got 'é'"},
      {"\xFF", "line 1, column 1: expected a JSON value, got byte 0xFF"},
      {"\f1", "line 1, column 1: expected a JSON value, got byte 0x0C"},
  };
  for (const Case& c : cases) EXPECT_EQ(parse_error(c.input), c.message) << "input: " << c.input;
}

TEST(JsonTest, ErrorPositionsCountLinesAndCodePoints) {
  EXPECT_EQ(parse_error("{\n  \"a\": 1,\n  \"b\": 2\n  \"c\": 3\n}"),
            "line 4, column 3: expected ',' or '}' in object, got '\"'");
  // "é" and "😀" are one column each, though 2 and 4 bytes.
  EXPECT_EQ(parse_error("[\"é😀\" x]"), "line 1, column 7: expected ',' or ']' in array, got 'x'");
  EXPECT_EQ(parse_error("\r\n\r\n  ]"), "line 3, column 3: expected a JSON value, got ']'");
}

TEST(JsonTest, NestingLimit) {
  const int limit = Json::kMaxParseDepth;
  std::string ok = std::string(limit, '[') + std::string(limit, ']');
  EXPECT_TRUE(Json::parse(ok).ok());
  std::string deep = std::string(limit + 1, '[') + std::string(limit + 1, ']');
  EXPECT_EQ(parse_error(deep), "line 1, column 257: nesting deeper than 256 levels of arrays and objects");
  std::string objects;
  for (int i = 0; i < limit + 1; ++i) objects += "{\"k\":";
  objects += "1" + std::string(limit + 1, '}');
  EXPECT_NE(parse_error(objects).find("nesting deeper than 256"), std::string::npos);
  // A million unclosed brackets must fail fast, not overflow the stack.
  EXPECT_NE(parse_error(std::string(1000000, '[')).find("nesting deeper"), std::string::npos);
}

TEST(JsonTest, Equality) {
  EXPECT_EQ(Json(2), Json(2.0));
  EXPECT_NE(Json(2), Json("2"));
  EXPECT_NE(Json(), Json(false));
  EXPECT_EQ(parse_ok(R"({"a":1,"b":[true,null]})"), parse_ok(R"({"b":[true,null],"a":1.0})"));
  EXPECT_NE(parse_ok(R"({"a":1})"), parse_ok(R"({"a":1,"b":2})"));
  EXPECT_NE(parse_ok(R"({"a":1,"c":2})"), parse_ok(R"({"a":1,"b":2})"));
  EXPECT_NE(parse_ok("[1,2]"), parse_ok("[2,1]"));
}

TEST(JsonTest, RfcExample) {
  const char* text = R"({
      "Image": {
          "Width":  800,
          "Height": 600,
          "Title":  "View from 15th Floor",
          "Thumbnail": {
              "Url":    "http://www.example.com/image/481989943",
              "Height": 125,
              "Width":  100
          },
          "Animated" : false,
          "IDs": [116, 943, 234, 38793]
        }
    })";
  Json j = parse_ok(text);
  EXPECT_EQ(j.find("Image")->find("Thumbnail")->find("Width")->as_int(), 100);
  EXPECT_EQ(j.find("Image")->find("IDs")->as_array()[3].as_int(), 38793);
  EXPECT_EQ(parse_ok(j.dump()), j);
  EXPECT_EQ(parse_ok(j.dump(2)).dump(), j.dump());
}

Json random_json(TestRng& rng, int depth) {
  const int kind = rng.uniform_int(0, depth > 4 ? 4 : 6);
  switch (kind) {
    case 0: return Json();
    case 1: return Json(rng.chance(0.5));
    case 2: return Json(int64_t(rng.next_u64()) >> rng.uniform_int(0, 63));
    case 3: return Json((rng.uniform_int(-1000000, 1000000) + 0.001 * rng.uniform_int(1, 999)) * std::pow(10.0, rng.uniform_int(-30, 30)));
    case 4: {
      static const char* const kPieces[] = {"a", "Z", " ", "\"", "\\", "\n", "\x01", "é", "😀", "€", "/", "\x7f"};
      std::string s;
      const int n = rng.uniform_int(0, 8);
      for (int i = 0; i < n; ++i) s += kPieces[rng.uniform_int(0, 11)];
      return Json(s);
    }
    case 5: {
      Json a = Json::array();
      const int n = rng.uniform_int(0, 4);
      for (int i = 0; i < n; ++i) a.push_back(random_json(rng, depth + 1));
      return a;
    }
    default: {
      Json o = Json::object();
      const int n = rng.uniform_int(0, 4);
      for (int i = 0; i < n; ++i) o["k" + std::to_string(rng.uniform_int(0, 9))] = random_json(rng, depth + 1);
      return o;
    }
  }
}

TEST(JsonTest, RandomValuesRoundTrip) {
  TestRng rng(2024);
  for (int i = 0; i < 3000; ++i) {
    Json value = random_json(rng, 0);
    const std::string compact = value.dump();
    ASSERT_EQ(parse_ok(compact), value) << compact;
    ASSERT_EQ(parse_ok(value.dump(2)), value) << compact;
    ASSERT_EQ(parse_ok(compact).dump(), compact);
  }
}

// Whatever the bytes, parse returns (never aborts) and anything it accepts survives a round trip.
void expect_parse_survives(std::string_view text) {
  Result<Json> result = Json::parse(text);
  if (result.ok()) {
    ASSERT_EQ(parse_ok(result->dump()), *result) << "input: " << text;
  } else {
    ASSERT_EQ(result.status().message().rfind("line ", 0), 0u) << result.status().message();
  }
}

TEST(JsonTest, FuzzRandomBytes) {
  TestRng rng(99);
  const std::string alphabet = "{}[]:,\"\\/ \n\t0123456789-+.eEtrufalsn\x01\xC3\xA9\xED\xF0\x9F\xFF";
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    const int n = rng.uniform_int(0, 40);
    for (int k = 0; k < n; ++k) {
      text += rng.chance(0.3) ? char(rng.uniform_int(0, 255)) : alphabet[size_t(rng.uniform_int(0, int(alphabet.size()) - 1))];
    }
    expect_parse_survives(text);
  }
}

TEST(JsonTest, FuzzTruncationsAndMutationsOfValidDocuments) {
  TestRng rng(5);
  for (int i = 0; i < 300; ++i) {
    Json value = Json::array();
    value.push_back(random_json(rng, 1));
    value.push_back(random_json(rng, 1));
    const std::string text = value.dump(rng.chance(0.5) ? -1 : 1);
    // Every proper prefix of an array is incomplete.
    for (size_t cut = 0; cut < text.size(); ++cut) {
      Result<Json> result = Json::parse(std::string_view(text).substr(0, cut));
      ASSERT_FALSE(result.ok()) << text.substr(0, cut);
    }
    for (int m = 0; m < 30; ++m) {
      std::string mutated = text;
      const size_t at = size_t(rng.uniform_int(0, int(mutated.size()) - 1));
      switch (rng.uniform_int(0, 2)) {
        case 0: mutated[at] = char(rng.uniform_int(0, 255)); break;
        case 1: mutated.erase(at, 1); break;
        default: mutated.insert(at, 1, "{}[],:\"\\"[rng.uniform_int(0, 7)]); break;
      }
      expect_parse_survives(mutated);
    }
  }
}

}  // namespace
}  // namespace hemu
