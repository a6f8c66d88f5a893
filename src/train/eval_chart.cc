#include "train/eval_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "image/png.h"
#include "sim/canvas.h"
#include "sim/font.h"
#include "train/task_split.h"

namespace hemu {

Status write_eval_chart(const std::vector<EvalTaskRow>& rows, const std::string& title, const std::string& path) {
  const int w = 1100, h = 720, left = 80, right = 260, top = 60, bottom = 70;
  Frame frame(w, h);
  Canvas c(frame);
  c.clear(Color::rgb(0xffffff));
  FontLibrary& fonts = font_library_for_thread();
  auto font = fonts.font("DejaVu Sans", 13);
  if (!font.ok()) return font.status();
  auto bold = fonts.font("DejaVu Sans", 16, FontStyle::kBold);
  if (!bold.ok()) return bold.status();
  const Rect plot{left, top, w - left - right, h - top - bottom};
  // x: log10 of the speed multiple from 1x to 10,000x.
  const double x_lo = 0, x_hi = 4;
  auto px = [&](double speed) {
    double v = std::clamp(std::log10(std::max(1.0, speed)), x_lo, x_hi);
    return plot.x + (v - x_lo) / (x_hi - x_lo) * plot.width;
  };
  auto py = [&](double success) { return plot.bottom() - success * plot.height; };
  const Color grid = Color::rgb(0xdddddd), ink = Color::rgb(0x222222);
  for (int e = 0; e <= 4; ++e) {
    double x = px(std::pow(10.0, e));
    c.draw_line(x, plot.y, x, plot.bottom(), grid);
    char label[32];
    std::snprintf(label, sizeof(label), "%gx", std::pow(10.0, e));
    font->draw(c, int(x) - font->measure(label) / 2, plot.bottom() + 20, label, ink);
  }
  for (int s = 0; s <= 10; s += 2) {
    double y = py(s / 10.0);
    c.draw_line(plot.x, y, plot.right(), y, grid);
    std::string label = std::to_string(s * 10) + " %";
    font->draw(c, plot.x - 10 - font->measure(label), int(y) + 5, label, ink);
  }
  const Color floor = Color::rgb(0xcc3333);
  c.draw_line(px(8), plot.y, px(8), plot.bottom(), floor, 2);
  font->draw(c, int(px(8)) + 4, plot.y + 16, "8x floor", floor);
  c.draw_line(plot.x, py(0.9), plot.right(), py(0.9), Color::rgb(0x3366cc), 1.5);
  c.draw_line(plot.x, py(0.5), plot.right(), py(0.5), Color::rgb(0x33aa55), 1.5);
  c.stroke_rect(plot, ink);
  bold->draw(c, left, 32, title, ink);
  font->draw(c, plot.x + plot.width / 2 - 150, h - 20, "speed vs the KLM human reference (log)", ink);
  const Color trained = Color::rgb(0x3366cc), held = Color::rgb(0x33aa55);
  int legend_y = top + 10;
  auto legend = [&](Color col, const std::string& text) {
    c.fill_circle(w - right + 24, legend_y - 4, 6, col);
    font->draw(c, w - right + 36, legend_y, text, ink);
    legend_y += 22;
  };
  legend(trained, "trained task (90 % floor)");
  legend(held, "never trained (50 % floor)");
  legend_y += 10;
  for (const auto& r : rows) {
    bool h_out = is_held_out_task(r.task);
    Color col = h_out ? held : trained;
    double x = px(r.speedup), y = py(r.success_rate());
    c.fill_circle(x, y, 6, col);
    c.stroke_circle(x, y, 6, Color::rgb(0xffffff), 1.5);
    font->draw(c, int(x) + 8, int(y) - 6, r.task, Color::rgb(0x555555));
    char line[96];
    std::snprintf(line, sizeof(line), "%-20s %3.0f%% %5.0fx", r.task.c_str(), 100 * r.success_rate(), r.speedup);
    if (legend_y < h - 20) font->draw(c, w - right + 12, legend_y, line, col);
    legend_y += 17;
  }
  return png_write(frame, path);
}

}  // namespace hemu
