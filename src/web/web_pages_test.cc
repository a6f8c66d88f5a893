// Web pages: the generator is deterministic, a real Chromium renders a page to a PNG of the asked
// size with labels inside it that match what the generator wrote, and bad label files fail clearly.
// These tests run /usr/bin/chromium (a few seconds); they skip when no Chromium is installed.
#include "web/web_pages.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "image/png.h"

namespace hemu {
namespace {

namespace fs = std::filesystem;

std::string temp_dir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("hemu-web-test-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

TEST(WebPages, GeneratorIsDeterministicPerSeed) {
  WebPage a = generate_web_page(7, WebFontSet::kTraining), b = generate_web_page(7, WebFontSet::kTraining);
  WebPage c = generate_web_page(8, WebFontSet::kTraining);
  EXPECT_EQ(a.html, b.html);
  EXPECT_EQ(a.viewport, b.viewport);
  ASSERT_EQ(a.expected.size(), b.expected.size());
  EXPECT_NE(a.html, c.html);
  EXPECT_FALSE(a.expected.empty());
}

TEST(WebPages, FontSetsAreDisjoint) {
  for (const auto& held : web_font_families(WebFontSet::kHeldOut)) {
    for (const auto& trained : web_font_families(WebFontSet::kTraining)) EXPECT_NE(held, trained);
  }
  for (uint64_t seed = 0; seed < 20; ++seed) {
    const auto& held = web_font_families(WebFontSet::kHeldOut);
    WebPage page = generate_web_page(seed, WebFontSet::kHeldOut);
    EXPECT_NE(std::find(held.begin(), held.end(), page.font_family), held.end());
  }
}

TEST(WebPages, RendersPageWithLabelsThatMatchTheGenerator) {
  ChromiumOptions options;
  ASSERT_TRUE(find_chromium(options).ok()) << "chromium is installed by scripts/install_deps.sh";
  options.work_dir = temp_dir("render");
  // Small pages render fastest: find a seed with the smallest viewport.
  uint64_t seed = 0;
  while (generate_web_page(seed, WebFontSet::kTraining).viewport != Size{800, 600}) ++seed;
  WebPage page = generate_web_page(seed, WebFontSet::kTraining);
  auto rendered = render_web_page(page, options);
  ASSERT_TRUE(rendered.ok()) << rendered.status().to_string();
  EXPECT_EQ(rendered->frame.width, 800);
  EXPECT_EQ(rendered->frame.height, 600);
  const auto& labels = rendered->labels.labels;
  ASSERT_GE(labels.size(), 3u);
  // Labels come back in document order, a subsequence of what the generator wrote (elements below
  // the fold or under an open menu are left out), with the same class and drawn text.
  size_t next = 0;
  for (const WebLabel& l : labels) {
    EXPECT_TRUE(Rect(0, 0, 800, 600).contains(l.element.rect)) << l.element.rect.to_string();
    while (next < page.expected.size() && (page.expected[next].element_class != l.element.element_class ||
                                           page.expected[next].text != l.element.text))
      ++next;
    ASSERT_LT(next, page.expected.size()) << "label not written by the generator: "
                                          << element_class_name(l.element.element_class) << " '" << l.element.text << "'";
    ++next;
  }
  // The cache round-trips.
  const std::string dir = temp_dir("cache");
  ASSERT_TRUE(write_web_page(dir, page, *rendered, /*keep_html=*/false).ok());
  auto names = list_web_pages(dir);
  ASSERT_TRUE(names.ok());
  ASSERT_EQ(names->size(), 1u);
  auto back = read_web_page(dir, (*names)[0]);
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  ASSERT_EQ(back->labels.labels.size(), labels.size());
  EXPECT_EQ(back->labels.labels[0].element.rect, labels[0].element.rect);
  EXPECT_EQ(back->labels.labels[0].element.text, labels[0].element.text);
  fs::remove_all(dir);
  fs::remove_all(options.work_dir);
}

// Regression: focusing a field below Chromium's layout viewport (shorter than the screenshot)
// scrolled the page while the script measured, so every box was off by the scroll.
TEST(WebPages, FocusedFieldBelowTheFoldDoesNotShiftLabels) {
  ChromiumOptions options;
  ASSERT_TRUE(find_chromium(options).ok()) << "chromium is installed by scripts/install_deps.sh";
  options.work_dir = temp_dir("focus");
  WebPage page = generate_web_page(3, WebFontSet::kTraining);
  page.viewport = {800, 600};
  const std::string marker =
      "<div data-hemu=\"button\" style=\"position:absolute;left:10px;top:560px;width:100px;height:30px;"
      "background:#ff0000;color:#ff0000\">X</div><input data-hemu=\"text_field\" data-hemu-focus value=\"v\" "
      "style=\"position:absolute;left:300px;top:560px\">";
  const size_t body = page.html.find("<body>");
  ASSERT_NE(body, std::string::npos);
  page.html.insert(body + 6, marker);
  auto rendered = render_web_page(page, options);
  ASSERT_TRUE(rendered.ok()) << rendered.status().to_string();
  const WebLabel* red = nullptr;
  for (const WebLabel& l : rendered->labels.labels)
    if (l.element.element_class == ElementClass::kButton && l.element.text == "X") red = &l;
  ASSERT_NE(red, nullptr);
  EXPECT_EQ(red->element.rect, Rect(10, 560, 100, 30));
  const uint8_t* pixel = rendered->frame.row(575) + 60 * 3;
  EXPECT_GT(pixel[0], 200);
  EXPECT_LT(pixel[1], 60);
  fs::remove_all(options.work_dir);
}

TEST(WebPages, MissingOrCorruptLabelFilesGiveClearErrors) {
  const std::string dir = temp_dir("corrupt");
  auto missing = list_web_pages(dir + "/nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
  EXPECT_NE(missing.status().message().find("hemu web render"), std::string::npos);

  Frame frame(40, 30);
  ASSERT_TRUE(png_write(frame, dir + "/page-000001.png").ok());
  std::ofstream(dir + "/page-000001.json") << "{\"format\":\"hemu-web-page\",\"version\":1,\"seed\":1,";
  auto truncated = read_web_page(dir, "page-000001");
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.status().code(), ErrorCode::kCorrupt);
  EXPECT_NE(truncated.status().message().find("page-000001.json"), std::string::npos);

  std::ofstream(dir + "/page-000001.json", std::ios::trunc)
      << R"({"format":"hemu-web-page","version":1,"seed":1,"viewport":[40,30],"elements":[{"class":"button","box":[30,20,20,20]}]})";
  auto outside = read_web_page(dir, "page-000001");
  ASSERT_FALSE(outside.ok());
  EXPECT_NE(outside.status().message().find("not inside the viewport"), std::string::npos);

  std::ofstream(dir + "/page-000001.json", std::ios::trunc)
      << R"({"format":"hemu-web-page","version":1,"seed":1,"viewport":[80,30],"elements":[]})";
  auto wrong_size = read_web_page(dir, "page-000001");
  ASSERT_FALSE(wrong_size.ok());
  EXPECT_NE(wrong_size.status().message().find("40x30"), std::string::npos);

  auto no_json = read_web_page(dir, "page-000002");
  ASSERT_FALSE(no_json.ok());
  EXPECT_EQ(no_json.status().code(), ErrorCode::kNotFound);

  // Trainers check every page before their first step: a good page passes, a truncated PNG next
  // to valid labels is named.
  std::ofstream(dir + "/page-000001.json", std::ios::trunc)
      << R"({"format":"hemu-web-page","version":1,"seed":1,"viewport":[40,30],"elements":[]})";
  EXPECT_TRUE(check_web_pages(dir, {"page-000001"}).ok());
  ASSERT_TRUE(png_write(frame, dir + "/page-000003.png").ok());
  fs::resize_file(dir + "/page-000003.png", fs::file_size(dir + "/page-000003.png") / 2);
  std::ofstream(dir + "/page-000003.json")
      << R"({"format":"hemu-web-page","version":1,"seed":3,"viewport":[40,30],"elements":[]})";
  Status damaged = check_web_pages(dir, {"page-000001", "page-000003"});
  ASSERT_FALSE(damaged.ok());
  EXPECT_NE(damaged.message().find("page-000003"), std::string::npos) << damaged.to_string();
  fs::remove_all(dir);
}

TEST(WebPages, ParserRejectsAViewportMismatch) {
  WebPage page = generate_web_page(1, WebFontSet::kTraining);
  page.viewport = {800, 600};
  auto labels = parse_web_labels(R"({"viewport":[785,600],"elements":[]})", page);
  ASSERT_FALSE(labels.ok());
  EXPECT_NE(labels.status().message().find("viewport"), std::string::npos);
}

}  // namespace
}  // namespace hemu
