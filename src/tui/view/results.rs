//! The results screen: bars per question, and free text one answer at a time.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use unicode_segmentation::UnicodeSegmentation;

use super::{Body, Theme, ui};
use crate::tally::round::Rounded;
use crate::tui::app::{Listing, ResultsScreen};
use crate::tui::layout::ListLayout;
use crate::tui::results::{Block, IndicatorLine, Pick, Results};
use crate::tui::wrap::{pad, width, wrap};

/// A term or code line of a text block: its label, a bar of its percent, count and percent;
/// the chosen one marked with `>` and shown reversed.
fn pick_line(
    label: &str,
    n: u64,
    pct: Rounded,
    label_w: usize,
    bar_w: usize,
    chosen: bool,
    theme: Theme,
) -> Line<'static> {
    let mark = if chosen { ">" } else { " " };
    let filled = ((pct.value() / 100.0 * bar_w as f64).round() as usize).min(bar_w);
    let mut spans = vec![
        Span::raw(format!("   {mark} {} ", pad(label, label_w))),
        bar(pct.value() / 100.0, bar_w, theme),
        Span::raw(" ".repeat(bar_w - filled)),
        Span::raw(format!(" {n:>5} {pct:>6}%")),
    ];
    if chosen {
        spans = spans.into_iter().map(|s| s.patch_style(theme.selected())).collect();
    }
    Line::from(spans)
}

/// A bar of `fraction` of `cells`: coloured cells, or `#` without colour.
fn bar(fraction: f64, cells: usize, theme: Theme) -> Span<'static> {
    let filled = ((fraction.clamp(0.0, 1.0) * cells as f64).round() as usize).min(cells);
    if theme.color {
        Span::styled(" ".repeat(filled), Style::new().bg(Color::Cyan))
    } else {
        Span::raw("#".repeat(filled))
    }
}

/// A bar of `cells` with the target's place marked by `|`: filled up to the result.
fn target_bar(line: &IndicatorLine, cells: usize, theme: Theme) -> Vec<Span<'static>> {
    let filled = ((line.filled * cells as f64).round() as usize).min(cells);
    let mark = ((line.target_at * cells as f64).round() as usize).min(cells.saturating_sub(1));
    let fill = if theme.color {
        Style::new().bg(Color::Cyan)
    } else {
        Style::new()
    };
    (0..cells)
        .map(|i| {
            let style = if i < filled { fill } else { Style::new() };
            let c = match (i == mark, i < filled && !theme.color) {
                (true, _) => "|",
                (false, true) => "#",
                (false, false) => " ",
            };
            Span::styled(c, style)
        })
        .collect()
}

/// The indicators block: each one's label, a bar with its target marked, `result / target` and
/// 達成 / 未達成 (in colour when there is colour; the word carries the meaning without it).
fn indicator_lines(rows: &[IndicatorLine], w: usize, theme: Theme, lang: &str, lines: &mut Vec<Line<'static>>) {
    for l in wrap(
        ui(lang, "指標（目標値と実績値）", "Indicators (targets and results)"),
        w,
    ) {
        lines.push(Line::styled(l, theme.heading()));
    }
    let label_w = label_width(rows.iter().map(|r| r.label.as_str()), w);
    let figures_w = rows.iter().map(|r| width(&r.figures)).max().unwrap_or(0);
    let word_w = width(ui(lang, "未達成", "not achieved"));
    let bar_w = w.saturating_sub(label_w + figures_w + word_w + 7).clamp(1, 40);
    for r in rows {
        let mut spans = vec![Span::raw(format!("  {} ", pad(&r.label, label_w)))];
        spans.extend(target_bar(r, bar_w, theme));
        let align = " ".repeat(figures_w - width(&r.figures));
        spans.push(Span::raw(format!(" {align}{}  ", r.figures)));
        if let Some(a) = r.achieved {
            let word = crate::tally::indicators::achieved_word(lang, a);
            let style = match (theme.color, a) {
                (true, true) => Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
                (true, false) => Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
                (false, _) => Style::new(),
            };
            spans.push(Span::styled(word, style));
        }
        lines.push(Line::from(spans));
    }
}

/// The column width for a block's labels: its widest label, but at most two fifths of the line.
fn label_width<'a>(labels: impl Iterator<Item = &'a str>, line: usize) -> usize {
    labels.map(width).max().unwrap_or(0).min(line * 2 / 5).max(4)
}

/// The results list: every question's block, scrolled; while a tally runs, a 集計中 line (the
/// previous results stay on screen meanwhile). Returns how it lies in this body.
pub(super) fn results_list(screen: &ResultsScreen, body: &mut Body, theme: Theme, lang: &str) -> ListLayout {
    let session = screen
        .session
        .clone()
        .unwrap_or_else(|| ui(lang, "すべてのセッション", "all sessions").to_string());
    let title = format!(
        "{} - {}",
        screen.survey.tr(&screen.survey.title, &screen.lang),
        ui(lang, "結果", "results")
    );
    let count = match &screen.results {
        Some(r) => format!("{} {}  {session}", ui(lang, "回答", "responses"), r.responses),
        None => session,
    };
    body.title(&title, &count, theme);
    let w = body.width();
    let mut lines: Vec<Line<'static>> = Vec::new();
    let wrapped = |text: &str, style: Style, lines: &mut Vec<Line<'static>>| {
        for l in wrap(text, w) {
            lines.push(Line::styled(l, style));
        }
    };
    if let Some(counted) = screen.computing {
        body.text(
            &format!(
                "{} ({counted} {})",
                ui(lang, "集計中…", "Counting..."),
                ui(lang, "件", "so far")
            ),
            theme.accent(),
        );
    }
    let Some(r) = &screen.results else {
        return ListLayout::default();
    };
    let mut entries: Vec<(usize, (usize, Pick))> = Vec::new();
    if r.responses == 0 {
        wrapped(
            ui(lang, "まだ送信された回答はありません。", "No submitted responses yet."),
            Style::new(),
            &mut lines,
        );
    }
    for (bi, b) in r.blocks.iter().enumerate() {
        lines.push(Line::default());
        match b {
            Block::Indicators(rows) => indicator_lines(rows, w, theme, lang, &mut lines),
            Block::Counts {
                title,
                base,
                rows,
                mean,
            } => {
                let mean = mean.map_or(String::new(), |(m, n)| {
                    format!("  {} {} (n={n})", ui(lang, "平均", "mean"), m.trimmed())
                });
                wrapped(&format!("{title}  (n={base}){mean}"), theme.heading(), &mut lines);
                let label_w = label_width(rows.iter().map(|(l, _, _)| l.as_str()), w);
                let numbers_w = 14;
                let bar_w = w.saturating_sub(label_w + numbers_w + 4).clamp(1, 60);
                for (label, n, pct) in rows {
                    let fraction = pct.value() / 100.0;
                    lines.push(Line::from(vec![
                        Span::raw(format!("  {} ", pad(label, label_w))),
                        bar(fraction, bar_w, theme),
                        Span::raw(" ".repeat(bar_w - ((fraction * bar_w as f64).round() as usize).min(bar_w))),
                        Span::raw(format!(" {n:>5} {pct:>6}%")),
                    ]));
                }
            }
            Block::Number {
                title,
                n,
                mean,
                median,
                min,
                max,
            } => {
                wrapped(title, theme.heading(), &mut lines);
                let f = |x: &Option<Rounded>| x.map_or("-".to_string(), Rounded::trimmed);
                lines.push(Line::from(format!(
                    "  n={n}  {} {}  {} {}  {} {} - {}",
                    ui(lang, "平均", "mean"),
                    f(mean),
                    ui(lang, "中央値", "median"),
                    f(median),
                    ui(lang, "範囲", "range"),
                    f(min),
                    f(max)
                )));
            }
            Block::Rank { title, rows } => {
                wrapped(title, theme.heading(), &mut lines);
                let label_w = label_width(rows.iter().map(|(l, _, _)| l.as_str()), w);
                for (label, n, mean) in rows {
                    let mean = mean.map_or("-".to_string(), Rounded::trimmed);
                    lines.push(Line::from(format!(
                        "  {}  {} {mean}  (n={n})",
                        pad(label, label_w),
                        ui(lang, "平均順位", "mean rank")
                    )));
                }
            }
            Block::Text {
                title,
                keywords,
                codes,
                texts,
                ..
            } => {
                wrapped(
                    &format!("{title}  ({} {})", ui(lang, "自由記述", "answers"), texts.len()),
                    theme.heading(),
                    &mut lines,
                );
                let labels = keywords
                    .iter()
                    .map(|(t, _, _)| t.as_str())
                    .chain(codes.iter().map(|c| c.label.as_str()));
                let label_w = label_width(labels, w.saturating_sub(4));
                let bar_w = w.saturating_sub(label_w + 14 + 6).clamp(1, 40);
                let chosen = |pick: &Pick| screen.picked.as_ref().is_some_and(|(pb, p)| *pb == bi && p == pick);
                let mut list =
                    |heading: &str, rows: Vec<(Pick, &str, u64, Rounded)>, lines: &mut Vec<Line<'static>>| {
                        if rows.is_empty() {
                            return;
                        }
                        lines.push(Line::styled(format!("  {heading}"), theme.accent()));
                        for (pick, label, n, pct) in rows {
                            let line = pick_line(label, n, pct, label_w, bar_w, chosen(&pick), theme);
                            entries.push((lines.len(), (bi, pick)));
                            lines.push(line);
                        }
                    };
                list(
                    ui(lang, "よく出る言葉", "frequent words"),
                    keywords
                        .iter()
                        .map(|(t, n, pct)| (Pick::Term(t.clone()), t.as_str(), *n, *pct))
                        .collect(),
                    &mut lines,
                );
                list(
                    ui(lang, "コード", "codes"),
                    codes
                        .iter()
                        .map(|c| (Pick::Code(c.id.clone()), c.label.as_str(), c.count, c.percent))
                        .collect(),
                    &mut lines,
                );
            }
        }
    }
    let room = body.remaining().max(1);
    let max = lines.len().saturating_sub(room);
    let start = screen.scroll.min(max);
    for l in lines.into_iter().skip(start).take(room) {
        body.line(l);
    }
    ListLayout { max, room, entries }
}

/// A text cut into lines of at most `max` cells (anywhere between graphemes, line breaks kept),
/// each line as pieces marked or not by `marks` (byte ranges of `text`).
fn wrap_marked(text: &str, marks: &[std::ops::Range<usize>], max: usize) -> Vec<Vec<(String, bool)>> {
    let max = max.max(1);
    let marked = |at: usize| marks.iter().any(|m| m.contains(&at));
    let mut out: Vec<Vec<(String, bool)>> = vec![Vec::new()];
    let mut w = 0;
    for (at, g) in text.grapheme_indices(true) {
        if g == "\n" || g == "\r\n" {
            out.push(Vec::new());
            w = 0;
            continue;
        }
        let gw = width(g);
        if w + gw > max && w > 0 {
            out.push(Vec::new());
            w = 0;
        }
        let m = marked(at);
        if let Some(line) = out.last_mut() {
            match line.last_mut() {
                Some((piece, pm)) if *pm == m => piece.push_str(g),
                _ => line.push((g.to_string(), m)),
            }
        }
        w += gw;
    }
    out
}

/// The answers holding the chosen term or code, the term (or the code's words) highlighted,
/// one after another with a blank line between, scrolled. Returns how far the list can scroll.
pub(super) fn answers_list(r: &Results, listing: &Listing, body: &mut Body, theme: Theme, lang: &str) -> usize {
    let Some(Block::Text { title, codes, .. }) = r.blocks.get(listing.block) else {
        return 0;
    };
    let what = match &listing.pick {
        Pick::Term(t) => format!("「{t}」"),
        Pick::Code(id) => {
            let label = codes
                .iter()
                .find(|c| &c.id == id)
                .map_or(id.as_str(), |c| c.label.as_str());
            format!("{} {label}", ui(lang, "コード:", "code:"))
        }
    };
    let count = format!("{what}  {} {}", listing.quotes.len(), ui(lang, "件", "answers"));
    body.title(title, &count, theme);
    let w = body.width();
    let mark = if theme.color {
        Style::new()
            .fg(Color::Black)
            .bg(Color::Yellow)
            .add_modifier(Modifier::BOLD)
    } else {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    };
    let mut lines: Vec<Line<'static>> = Vec::new();
    if listing.quotes.is_empty() {
        lines.extend(
            wrap(ui(lang, "該当する回答はありません。", "No answer holds it."), w)
                .into_iter()
                .map(Line::raw),
        );
    }
    for (i, q) in listing.quotes.iter().enumerate() {
        if i > 0 {
            lines.push(Line::default());
        }
        for pieces in wrap_marked(&q.text, &q.marks, w.saturating_sub(2)) {
            let mut spans = vec![Span::raw("  ")];
            spans.extend(
                pieces
                    .into_iter()
                    .map(|(t, m)| if m { Span::styled(t, mark) } else { Span::raw(t) }),
            );
            lines.push(Line::from(spans));
        }
    }
    let room = body.remaining().max(1);
    let max = lines.len().saturating_sub(room);
    for l in lines.into_iter().skip(listing.scroll.min(max)).take(room) {
        body.line(l);
    }
    max
}

/// One free-text answer alone on the screen, centred with space around it, for a projector.
pub(super) fn read_one(r: &Results, block: usize, answer: usize, body: &mut Body, theme: Theme) {
    let Some(Block::Text { title, texts, .. }) = r.blocks.get(block) else {
        return;
    };
    let position = format!("{} / {}", (answer + 1).min(texts.len()), texts.len());
    body.title(title, &position, theme);
    let text = texts.get(answer).map_or("", String::as_str);
    let w = body.width();
    let inner = (w * 3 / 4).max(10).min(w);
    let lines = wrap(text, inner);
    // Double-spaced, vertically centred.
    let height = lines.len() * 2;
    body.skip(body.remaining().saturating_sub(height) / 2);
    for l in lines {
        let left = (w.saturating_sub(width(&l))) / 2;
        body.line(Line::styled(format!("{}{l}", " ".repeat(left)), theme.heading()));
        body.blank();
    }
}
