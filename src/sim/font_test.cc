#include "sim/font.h"

#include <gtest/gtest.h>

#include "core/rng.h"

#include <thread>

namespace hemu {
namespace {

const Rgb kWhite{255, 255, 255};

// The installed reference family every test relies on (fonts-dejavu-core).
Font dejavu(int pixel_size, FontStyle style = FontStyle::kRegular) {
  Result<Font> font = font_library_for_thread().font("DejaVu Sans", pixel_size, style);
  EXPECT_TRUE(font.ok()) << font.status().to_string();
  return font.ok() ? *font : Font();
}

Frame white_frame(int w, int h) {
  Frame frame(w, h);
  std::fill(frame.pixels.begin(), frame.pixels.end(), 255);
  return frame;
}

// Bounding box of the non-white pixels (empty when there is no ink).
Rect ink_box(const Frame& frame) {
  Rect box;
  for (int y = 0; y < frame.height; ++y)
    for (int x = 0; x < frame.width; ++x)
      if (!(frame.at(x, y) == kWhite)) box = box.united({x, y, 1, 1});
  return box;
}

Frame render(const Font& font, std::string_view text, int* advance = nullptr) {
  Frame frame = white_frame(400, 60);
  Canvas canvas(frame);
  int a = font.draw(canvas, 10, 40, text, Color::rgb(0x000000));
  if (advance) *advance = a;
  return frame;
}

TEST(FontTest, DejaVuSansResolvesWithSensibleMetrics) {
  Font font = dejavu(13);
  ASSERT_TRUE(font.valid());
  EXPECT_EQ(font.family(), "DejaVu Sans");
  EXPECT_EQ(font.pixel_size(), 13);
  EXPECT_GE(font.ascent(), 10);
  EXPECT_LE(font.ascent(), 14);
  EXPECT_GE(font.descent(), 2);
  EXPECT_GE(font.line_height(), font.ascent() + font.descent());
  // Case-insensitive family comparison.
  Result<Font> lower = font_library_for_thread().font("dejavu sans", 13);
  ASSERT_TRUE(lower.ok()) << lower.status().to_string();
  EXPECT_EQ(lower->family(), "DejaVu Sans");
}

TEST(FontTest, RendersInkInsideTheExpectedBox) {
  Font font = dejavu(20);
  int advance = 0;
  Frame frame = render(font, "Hello, world", &advance);
  Rect ink = ink_box(frame);
  ASSERT_FALSE(ink.empty());
  EXPECT_GE(ink.x, 10);
  EXPECT_LE(ink.right(), 10 + advance + 1);
  EXPECT_GE(ink.y, 40 - font.ascent());
  EXPECT_LE(ink.bottom(), 40 + font.descent());
  EXPECT_GT(ink.width, advance * 9 / 10);
  // Text is antialiased: there are grey pixels, and also solid ones.
  bool grey = false, solid = false;
  for (int y = ink.y; y < ink.bottom(); ++y)
    for (int x = ink.x; x < ink.right(); ++x) {
      grey |= frame.at(x, y).r > 40 && frame.at(x, y).r < 215;
      solid |= frame.at(x, y).r == 0;
    }
  EXPECT_TRUE(grey);
  EXPECT_TRUE(solid);
}

TEST(FontTest, DrawReturnsTheMeasuredAdvance) {
  for (int size : {9, 13, 16, 24}) {
    Font font = dejavu(size);
    for (std::string_view text : {"", "a", "AVAVA Tokyo", "héllo wörld", "Save all files…", "\xff\xfe"}) {
      int advance = -1;
      render(font, text, &advance);
      EXPECT_EQ(advance, font.measure(text)) << "'" << text << "' at " << size << " px";
    }
  }
  // Clipped-away text still reports its advance.
  Font font = dejavu(13);
  Frame frame = white_frame(50, 50);
  Canvas canvas(frame);
  canvas.push_clip({0, 0, 50, 5});
  EXPECT_EQ(font.draw(canvas, 0, 45, "clipped", Color::rgb(0)), font.measure("clipped"));
  EXPECT_TRUE(ink_box(frame).empty());
}

TEST(FontTest, MeasureGrowsWithSize) {
  int previous = 0;
  for (int size : {8, 10, 13, 16, 20, 32, 64}) {
    int width = dejavu(size).measure("The quick brown fox");
    EXPECT_GT(width, previous) << size;
    previous = width;
  }
  EXPECT_EQ(dejavu(13).measure(""), 0);
}

TEST(FontTest, KerningTightensPairsThatHaveIt) {
  Font font = dejavu(40);
  EXPECT_LT(font.measure("AV"), font.measure("A") + font.measure("V"));
}

TEST(FontTest, CaretPositionsHaveOneEntryPerCodePointPlusOne) {
  Font font = dejavu(13);
  std::string_view text = "héllo wörld";  // 11 code points, 13 bytes
  std::vector<int> xs = font.caret_positions(text);
  ASSERT_EQ(xs.size(), 12u);
  EXPECT_EQ(xs.front(), 0);
  EXPECT_EQ(xs.back(), font.measure(text));
  for (size_t i = 1; i < xs.size(); ++i) EXPECT_GT(xs[i], xs[i - 1]) << i;
  // Each caret matches the width of the prefix before it (no kerning across these letters).
  std::vector<int> offsets = utf8_code_point_offsets(text);
  ASSERT_EQ(offsets, (std::vector<int>{0, 1, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13}));
  for (size_t i = 0; i < offsets.size(); ++i) {
    EXPECT_EQ(xs[i], font.measure(text.substr(0, size_t(offsets[i])))) << i;
  }
  EXPECT_EQ(font.caret_positions(""), std::vector<int>{0});
}

TEST(FontTest, ElideFitsTheWidthAndKeepsAPrefix) {
  Font font = dejavu(13);
  std::string text = "A rather long file name that will not fit.txt";
  EXPECT_EQ(font.elide(text, 10000), text);
  for (int width : {200, 120, 60, 30, 16}) {
    std::string elided = font.elide(text, width);
    EXPECT_LE(font.measure(elided), width) << elided;
    ASSERT_GE(elided.size(), 3u);
    EXPECT_EQ(elided.substr(elided.size() - 3), "\xE2\x80\xA6") << elided;
    std::string prefix = elided.substr(0, elided.size() - 3);
    EXPECT_EQ(text.compare(0, prefix.size(), prefix), 0) << elided;
  }
  // A wider box never keeps fewer characters.
  EXPECT_GE(font.elide(text, 200).size(), font.elide(text, 120).size());
  EXPECT_EQ(font.elide(text, 0), "");
  // Multi-byte text is cut on code point boundaries.
  std::string elided = font.elide("éééééééééééééééééééé", 60);
  EXPECT_EQ((elided.size() - 3) % 2, 0u);
}

TEST(FontTest, InvalidUtf8NeverCrashesAndDrawsReplacementCharacters) {
  Font font = dejavu(13);
  const std::string_view inputs[] = {
      "\xff",          "\xc3",            "a\x80" "b",     "\xed\xa0\x80",  // lone surrogate
      "\xf4\x90\x80\x80",                                                  // above U+10FFFF
      "\xc0\xaf",      "\xe2\x82",        "\xf0\x9f\x98",  std::string_view("a\0b", 3),
  };
  std::string replacement = "\xEF\xBF\xBD";
  for (std::string_view text : inputs) {
    std::vector<int> offsets = utf8_code_point_offsets(text);
    std::vector<int> xs = font.caret_positions(text);
    EXPECT_EQ(xs.size(), offsets.size());
    EXPECT_EQ(offsets.back(), int(text.size()));
    int advance = -1;
    render(font, text, &advance);
    EXPECT_EQ(advance, font.measure(text));
    EXPECT_FALSE(font.elide(text, 5).size() > text.size() + 3);
  }
  // Each bad byte is one U+FFFD.
  EXPECT_EQ(font.measure("\xff"), font.measure(replacement));
  EXPECT_EQ(font.measure("\xc0\xaf"), font.measure(replacement + replacement));
  EXPECT_EQ(utf8_code_point_offsets("\xe2\x82" "a"), (std::vector<int>{0, 1, 2, 3}));
  EXPECT_EQ(utf8_code_point_offsets("\xf0\x9f\x98\x80!"), (std::vector<int>{0, 4, 5}));
}

TEST(FontTest, RandomBytesKeepMeasureCaretsAndDrawConsistent) {
  Font font = dejavu(11);
  Rng rng(/*seed=*/20240601);
  for (int trial = 0; trial < 200; ++trial) {
    std::string text;
    int length = rng.uniform_int(0, 24);
    for (int i = 0; i < length; ++i) {
      // Bias towards bytes that start or continue multi-byte sequences.
      text += char(rng.uniform_int(0, 3) == 0 ? rng.uniform_int(0x20, 0x7e) : rng.uniform_int(0x80, 0xff));
    }
    std::vector<int> offsets = utf8_code_point_offsets(text);
    std::vector<int> xs = font.caret_positions(text);
    ASSERT_EQ(xs.size(), offsets.size()) << trial;
    EXPECT_EQ(xs.back(), font.measure(text));
    for (size_t i = 1; i < offsets.size(); ++i) EXPECT_GT(offsets[i], offsets[i - 1]);
    int advance = -1;
    render(font, text, &advance);
    EXPECT_EQ(advance, xs.back());
    EXPECT_LE(font.measure(font.elide(text, 40)), 40);
  }
}

TEST(FontTest, MissingGlyphsDrawTheNotdefBox) {
  Font font = dejavu(16);
  std::string_view missing = "\xEE\x80\x80";  // U+E000, private use: not in DejaVu Sans
  EXPECT_GT(font.measure(missing), 0);
  Frame frame = render(font, missing);
  EXPECT_FALSE(ink_box(frame).empty());
}

TEST(FontTest, UnknownFamilyIsNotFoundAndNamesTheSubstitute) {
  Result<Font> font = font_library_for_thread().font("Definitely Not A Font", 13);
  ASSERT_FALSE(font.ok());
  EXPECT_EQ(font.status().code(), ErrorCode::kNotFound);
  EXPECT_NE(font.status().message().find("Definitely Not A Font"), std::string::npos);
  EXPECT_NE(font.status().message().find("best match is '"), std::string::npos);
  // Generic aliases are substitutes too: "sans-serif" is not a family.
  EXPECT_FALSE(font_library_for_thread().font("sans-serif", 13).ok());
  // Asking twice gives the cached failure.
  EXPECT_EQ(font_library_for_thread().font("Definitely Not A Font", 13).status().code(),
            ErrorCode::kNotFound);
}

TEST(FontTest, BadSizesAndFilesAreErrors) {
  FontLibrary library;
  EXPECT_EQ(library.font("DejaVu Sans", 0).status().code(), ErrorCode::kOutOfRange);
  EXPECT_EQ(library.font("DejaVu Sans", 100000).status().code(), ErrorCode::kOutOfRange);
  EXPECT_EQ(library.font_from_file("/nonexistent/font.ttf", 13).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(library.font_from_file("/etc/hostname", 13).status().code(), ErrorCode::kCorrupt);
  Result<Font> direct = library.font_from_file("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 13);
  ASSERT_TRUE(direct.ok()) << direct.status().to_string();
  EXPECT_EQ(direct->family(), "DejaVu Sans");
  EXPECT_EQ(direct->measure("Hello"), dejavu(13).measure("Hello"));
}

TEST(FontTest, BoldAndItalicDifferFromRegular) {
  Font regular = dejavu(16), bold = dejavu(16, FontStyle::kBold), italic = dejavu(16, FontStyle::kItalic);
  EXPECT_EQ(bold.family(), "DejaVu Sans");
  EXPECT_GT(bold.measure("Hello world"), regular.measure("Hello world"));
  uint64_t r = frame_hash(render(regular, "Hello")), b = frame_hash(render(bold, "Hello"));
  uint64_t i = frame_hash(render(italic, "Hello"));
  EXPECT_NE(r, b);
  EXPECT_NE(r, i);
  EXPECT_NE(b, i);
}

TEST(FontTest, RenderingIsDeterministic) {
  Font font = dejavu(13);
  uint64_t first = frame_hash(render(font, "Deterministic pixels 123"));
  EXPECT_EQ(frame_hash(render(font, "Deterministic pixels 123")), first) << "warm cache";
  FontLibrary fresh;
  Result<Font> cold = fresh.font("DejaVu Sans", 13);
  ASSERT_TRUE(cold.ok());
  EXPECT_EQ(frame_hash(render(*cold, "Deterministic pixels 123")), first) << "cold cache";
}

TEST(FontTest, KnownFamiliesResolveToThemselves) {
  FontLibrary& library = font_library_for_thread();
  for (const std::string& family : known_ui_families()) {
    for (FontStyle style : {FontStyle::kRegular, FontStyle::kBold}) {
      Result<Font> font = library.font(family, 13, style);
      ASSERT_TRUE(font.ok()) << font.status().to_string();
      EXPECT_EQ(font->family(), family);
      EXPECT_GT(font->measure("Settings"), 20) << family;
    }
  }
  std::vector<std::string> wanted = {"Liberation Sans", "No Such Family", "DejaVu Serif"};
  EXPECT_EQ(library.available_families(wanted),
            (std::vector<std::string>{"Liberation Sans", "DejaVu Serif"}));
}

TEST(FontTest, EachThreadHasItsOwnLibrary) {
  FontLibrary* main_library = &font_library_for_thread();
  EXPECT_EQ(&font_library_for_thread(), main_library);
  FontLibrary* other = nullptr;
  int width = 0;
  std::thread([&] {
    other = &font_library_for_thread();
    width = other->font("DejaVu Sans", 13)->measure("thread");
  }).join();
  EXPECT_NE(other, main_library);
  EXPECT_EQ(width, dejavu(13).measure("thread"));
}

TEST(FontDeathTest, DefaultFontIsInvalid) {
  Font font;
  EXPECT_FALSE(font.valid());
  EXPECT_DEATH(font.measure("x"), "default-constructed");
}

}  // namespace
}  // namespace hemu
