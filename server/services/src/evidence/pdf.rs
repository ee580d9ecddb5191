//! The portfolio as a PDF (krilla: embedded, subsetted DejaVu fonts, so its text extracts):
//! a cover with the learner, standard, provider, readiness and a QR code to the verify page;
//! the KSB table; mastery over time; the observations; off-the-job hours; the chain head.

use crate::media::render::layout::Font as Measured;
use flowline_core::domain::readiness::grouped;
use flowline_core::error::AppError;
use flowline_core::model::{LogStatus, Portfolio};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::image::Image;
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use krilla::Document;

const W: f32 = 595.28;
const H: f32 = 841.89;
const MARGIN: f32 = 48.0;
const BOTTOM: f32 = H - 60.0;
const INK: (u8, u8, u8) = (0x16, 0x24, 0x2b);
const MUTED: (u8, u8, u8) = (0x5b, 0x6b, 0x73);
const ACCENT: (u8, u8, u8) = (0x0f, 0x76, 0x6e);
const LINE: (u8, u8, u8) = (0xd5, 0xdd, 0xe0);

#[derive(Clone, Copy, PartialEq)]
enum Face {
    Regular,
    Bold,
    Mono,
}

/// What is drawn, collected page by page before it is written.
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        face: Face,
        color: (u8, u8, u8),
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: (u8, u8, u8),
    },
    Line {
        points: Vec<(f32, f32)>,
        width: f32,
        color: (u8, u8, u8),
    },
    Picture {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        image: Image,
    },
}

/// The photos of evidence, by SHA-256, for thumbnails.
pub type Photos = std::collections::HashMap<String, Vec<u8>>;

/// A photo as an image the PDF can hold (JPEG is embedded as it is).
fn picture(content_type: &str, bytes: &[u8]) -> Option<Image> {
    let data: krilla::Data = bytes.to_vec().into();
    match content_type {
        "image/jpeg" => Image::from_jpeg(data, true).ok(),
        "image/png" => Image::from_png(data, true).ok(),
        "image/webp" => Image::from_webp(data, true).ok(),
        _ => None,
    }
}

/// "photo · 1.2 MB · SHA-256 3f2a…"
fn file_line(f: &flowline_core::model::EvidenceFile) -> String {
    format!(
        "{} · {:.1} MB · SHA-256 {}",
        f.kind,
        f.size as f64 / (1024.0 * 1024.0),
        f.sha256
    )
}

struct Fonts {
    regular: Measured,
    bold: Measured,
    mono: Measured,
}

impl Fonts {
    fn load() -> Result<Self, AppError> {
        let find = |f: &str| {
            Measured::find(f)
                .map_err(|e| AppError::internal(format!("portfolio fonts missing: {e}")))
        };
        Ok(Self {
            regular: find("DejaVuSans.ttf")?,
            bold: find("DejaVuSans-Bold.ttf")?,
            mono: find("DejaVuSansMono.ttf")?,
        })
    }

    fn get(&self, face: Face) -> &Measured {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
            Face::Mono => &self.mono,
        }
    }

    fn width(&self, face: Face, text: &str, size: f32) -> f32 {
        self.get(face).width(text, 1000) / 1000.0 * size
    }
}

/// A cursor down the pages.
struct Pen<'a> {
    fonts: &'a Fonts,
    pages: Vec<Vec<Op>>,
    y: f32,
    footer: String,
}

impl<'a> Pen<'a> {
    fn new(fonts: &'a Fonts, footer: String) -> Self {
        Self {
            fonts,
            pages: vec![Vec::new()],
            y: MARGIN,
            footer,
        }
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a page")
    }

    /// Room for `h` more points, or a new page.
    fn room(&mut self, h: f32) {
        if self.y + h > BOTTOM {
            self.pages.push(Vec::new());
            self.y = MARGIN;
        }
    }

    fn text_at(&mut self, x: f32, y: f32, size: f32, face: Face, color: (u8, u8, u8), text: &str) {
        self.ops().push(Op::Text {
            x,
            y,
            size,
            face,
            color,
            text: text.to_owned(),
        });
    }

    /// Lines of `text` no wider than `width` at `size`.
    fn wrap(&self, text: &str, face: Face, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if !line.is_empty() && self.fonts.width(face, &candidate, size) > width {
                lines.push(std::mem::take(&mut line));
                line = word.to_owned();
            } else {
                line = candidate;
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }

    /// A wrapped paragraph at the left margin (indented by `indent`).
    fn para(&mut self, text: &str, size: f32, face: Face, color: (u8, u8, u8), indent: f32) {
        let lead = size * 1.4;
        for line in self.wrap(text, face, size, W - 2.0 * MARGIN - indent) {
            self.room(lead);
            self.y += lead;
            let y = self.y;
            self.text_at(MARGIN + indent, y, size, face, color, &line);
        }
    }

    fn heading(&mut self, text: &str) {
        self.room(60.0);
        self.y += 18.0;
        self.para(text, 14.0, Face::Bold, ACCENT, 0.0);
        self.y += 4.0;
        let y = self.y;
        self.rule(y);
    }

    fn rule(&mut self, y: f32) {
        self.ops().push(Op::Line {
            points: vec![(MARGIN, y), (W - MARGIN, y)],
            width: 0.75,
            color: LINE,
        });
    }

    /// One row of cells at x offsets (from the margin), wrapping none: cells are cut to fit.
    /// A table row: each cell wrapped within its column (nothing is cut off), the row as
    /// tall as its tallest cell, kept on one page.
    fn row(&mut self, cells: &[(f32, &str)], size: f32, face: Face) {
        let lead = size * 1.5;
        let wrapped: Vec<(f32, Vec<String>)> = cells
            .iter()
            .enumerate()
            .map(|(i, (x, text))| {
                let right = cells.get(i + 1).map_or(W - 2.0 * MARGIN, |(nx, _)| *nx) - 6.0;
                (*x, self.wrap(text, face, size, right - x))
            })
            .collect();
        let lines = wrapped
            .iter()
            .map(|(_, l)| l.len())
            .max()
            .unwrap_or(1)
            .max(1);
        self.room(lead * lines as f32);
        let top = self.y;
        for (x, cell) in &wrapped {
            for (n, line) in cell.iter().enumerate() {
                let y = top + lead * (n as f32 + 1.0);
                self.text_at(MARGIN + x, y, size, face, INK, line);
            }
        }
        self.y = top + lead * lines as f32;
    }
}

fn qr(pen: &mut Pen, url: &str, x: f32, y: f32, size: f32) -> Result<(), AppError> {
    let code = qrcode::QrCode::new(url.as_bytes()).map_err(AppError::internal)?;
    let n = code.width();
    let quiet = 4usize;
    let cell = size / (n + 2 * quiet) as f32;
    pen.ops().push(Op::Rect {
        x,
        y,
        w: size,
        h: size,
        color: (255, 255, 255),
    });
    for row in 0..n {
        for col in 0..n {
            if code[(col, row)] == qrcode::Color::Dark {
                pen.ops().push(Op::Rect {
                    x: x + (col + quiet) as f32 * cell,
                    y: y + (row + quiet) as f32 * cell,
                    w: cell + 0.01,
                    h: cell + 0.01,
                    color: (0, 0, 0),
                });
            }
        }
    }
    Ok(())
}

fn day(rfc3339: &str) -> String {
    let d = rfc3339.get(..10).unwrap_or(rfc3339);
    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
        .map(|d| d.format("%-d %B %Y").to_string())
        .unwrap_or_else(|_| d.to_owned())
}

fn cover(pen: &mut Pen, p: &Portfolio, verify_url: &str) -> Result<(), AppError> {
    let r = &p.readiness;
    let qr_size = 132.0;
    qr(pen, verify_url, W - MARGIN - qr_size, MARGIN - 8.0, qr_size)?;
    pen.text_at(
        W - MARGIN - qr_size + 14.0,
        MARGIN + qr_size + 4.0,
        8.0,
        Face::Regular,
        MUTED,
        "Scan to verify this portfolio",
    );
    pen.y = MARGIN + 10.0;
    pen.text_at(
        MARGIN,
        pen.y,
        10.0,
        Face::Bold,
        ACCENT,
        "FLOWLINE · EVIDENCE PORTFOLIO",
    );
    pen.y += 30.0;
    let y = pen.y;
    pen.text_at(MARGIN, y, 22.0, Face::Bold, INK, &r.learner_name);
    pen.y += 8.0;
    let left = W - 2.0 * MARGIN - qr_size - 16.0;
    for (text, size, face) in [
        (
            format!("{} {}", r.standard, r.standard_title),
            12.0,
            Face::Regular,
        ),
        (
            format!("Training provider: {}", p.provider),
            10.0,
            Face::Regular,
        ),
        (
            if r.illustrative {
                "The KSB text is Flowline's illustrative version of the standard, not the official document.".to_owned()
            } else {
                String::new()
            },
            10.0,
            Face::Bold,
        ),
        (
            format!("Issued {}", day(&p.generated_at)),
            10.0,
            Face::Regular,
        ),
    ] {
        for line in pen.wrap(&text, face, size, left) {
            pen.y += size * 1.5;
            let y = pen.y;
            pen.text_at(MARGIN, y, size, face, MUTED, &line);
        }
    }
    pen.y = pen.y.max(MARGIN + qr_size + 16.0);
    pen.heading("Gateway to Completion readiness");
    let color = if r.ready { ACCENT } else { (0xa1, 0x5c, 0x07) };
    pen.para(&r.summary, 16.0, Face::Bold, color, 0.0);
    let facts = [
        format!("Overall mastery {:.0} %", r.overall),
        format!(
            "{} of {} KSBs ready",
            r.ksbs.iter().filter(|k| k.ready).count(),
            r.ksbs.len()
        ),
        format!("Off-the-job hours: {}", r.otj.summary),
        format!(
            "On programme since {} ({} days)",
            day(&r.started_on),
            r.days_on_programme
        ),
    ];
    for f in facts {
        pen.para(&f, 10.5, Face::Regular, INK, 0.0);
    }
    if !r.ready {
        pen.y += 6.0;
        pen.para(
            &format!("Gateway forecast: {}", r.forecast.summary),
            10.5,
            Face::Bold,
            INK,
            0.0,
        );
        for part in &r.forecast.parts {
            let when = match (&part.date, part.done) {
                (_, true) => "done".to_owned(),
                (Some(d), false) => day(d),
                (None, false) => "not moving".to_owned(),
            };
            pen.para(
                &format!("• {}: {} ({when})", part.name, part.left),
                10.0,
                Face::Regular,
                INK,
                8.0,
            );
        }
    }
    if let Some(d) = &r.gateway_decision {
        pen.y += 6.0;
        pen.para(
            &format!(
                "Assessor's Gateway decision: {} ({}, {})",
                d.decision.label(),
                d.assessor_name,
                day(&d.decided_on)
            ),
            10.5,
            Face::Bold,
            INK,
            0.0,
        );
        for k in &d.reasons {
            pen.para(
                &format!("• {}: {}", k.code, k.reason),
                10.0,
                Face::Regular,
                INK,
                8.0,
            );
        }
        if !d.note.is_empty() {
            pen.para(&d.note, 10.0, Face::Regular, INK, 8.0);
        }
    }
    if !r.gaps.is_empty() {
        pen.y += 6.0;
        pen.para("Gaps", 10.5, Face::Bold, INK, 0.0);
        for g in grouped(&r.gaps) {
            pen.para(&format!("• {g}"), 10.0, Face::Regular, INK, 8.0);
        }
    }
    Ok(())
}

fn ksb_table(pen: &mut Pen, p: &Portfolio) {
    pen.heading("Knowledge, skills and behaviours");
    let cols = [0.0, 34.0, 92.0, 150.0, 208.0, 256.0];
    let head = ["KSB", "Mastery", "Evidence", "Ready", "Due", "What it is"];
    pen.row(
        &cols.iter().copied().zip(head).collect::<Vec<_>>(),
        9.0,
        Face::Bold,
    );
    for k in &p.readiness.ksbs {
        let cells = [
            k.code.clone(),
            format!("{:.0} %", k.mastery),
            k.evidence.clone(),
            if k.ready { "yes" } else { "not yet" }.to_owned(),
            if k.review_due { "review" } else { "" }.to_owned(),
            k.text.clone(),
        ];
        let row: Vec<(f32, &str)> = cols
            .iter()
            .copied()
            .zip(cells.iter().map(String::as_str))
            .collect();
        pen.row(&row, 9.0, Face::Regular);
    }
}

fn chart(pen: &mut Pen, p: &Portfolio) {
    pen.heading("Mastery over time");
    let h = 140.0;
    pen.room(h + 30.0);
    let (x0, y0, w) = (MARGIN + 28.0, pen.y + 12.0, W - 2.0 * MARGIN - 28.0);
    for pct in [0.0f32, 40.0, 80.0, 100.0] {
        let y = y0 + h - h * pct / 100.0;
        pen.ops().push(Op::Line {
            points: vec![(x0, y), (x0 + w, y)],
            width: 0.5,
            color: LINE,
        });
        pen.text_at(
            MARGIN,
            y + 3.0,
            8.0,
            Face::Regular,
            MUTED,
            &format!("{pct:.0} %"),
        );
    }
    // From the day before the first learning (the record before it is flat zero), placed by
    // date: the history is a point a week before its last weeks, a point a day after.
    // The chart starts on the apprentice's first day on the programme, never before it.
    let date = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let started = date(&p.readiness.started_on);
    let on: Vec<flowline_core::model::HistoryPoint> = p
        .history
        .iter()
        .filter(|hp| match (started, date(&hp.date)) {
            (Some(s), Some(d)) => d >= s,
            _ => true,
        })
        .cloned()
        .collect();
    let begun = on
        .iter()
        .position(|hp| hp.active || hp.mastery > 0.0)
        .map_or(on.len(), |i| i.saturating_sub(1));
    let pts = &on[begun..];
    let start = started.or_else(|| pts.first().and_then(|hp| date(&hp.date)));
    let offset = |hp: &flowline_core::model::HistoryPoint| match (start, date(&hp.date)) {
        (Some(s), Some(d)) => (d - s).num_days() as f32,
        _ => 0.0,
    };
    if pts.len() >= 2 {
        let span = pts.last().map_or(1.0, offset).max(1.0);
        let points = pts
            .iter()
            .map(|hp| {
                let m = hp.mastery.clamp(0.0, 100.0) as f32;
                (x0 + w * offset(hp) / span, y0 + h - h * m / 100.0)
            })
            .collect();
        pen.ops().push(Op::Line {
            points,
            width: 2.0,
            color: ACCENT,
        });
        let (first, last) = (&pts[0].date, &pts[pts.len() - 1].date);
        pen.text_at(x0, y0 + h + 14.0, 8.0, Face::Regular, MUTED, &day(first));
        let label = day(last);
        let lw = pen.fonts.width(Face::Regular, &label, 8.0);
        pen.text_at(
            x0 + w - lw,
            y0 + h + 14.0,
            8.0,
            Face::Regular,
            MUTED,
            &label,
        );
    } else {
        pen.text_at(
            x0 + 8.0,
            y0 + h / 2.0,
            10.0,
            Face::Regular,
            MUTED,
            "Not enough history yet.",
        );
    }
    pen.y = y0 + h + 20.0;
}

fn observations(pen: &mut Pen, p: &Portfolio, photos: &Photos) {
    pen.heading("Observed practice, signed off by mentors");
    if p.observations.is_empty() {
        pen.para(
            "No observations signed off yet.",
            10.0,
            Face::Regular,
            MUTED,
            0.0,
        );
    }
    for o in &p.observations {
        pen.para(
            &format!(
                "{} · {} · {}",
                day(&o.occurred_at),
                o.mentor,
                o.ksb_codes.join(", ")
            ),
            10.0,
            Face::Bold,
            INK,
            0.0,
        );
        if !o.note.is_empty() {
            pen.para(&o.note, 9.5, Face::Regular, MUTED, 8.0);
        }
        files(pen, &o.files, photos);
    }
}

/// Thumbnails of the photos, three to a row, each with its hash; other files as a line.
fn files(pen: &mut Pen, files: &[flowline_core::model::EvidenceFile], photos: &Photos) {
    const BOX: f32 = 150.0;
    const GAP: f32 = 12.0;
    let mut row: Vec<(Image, &flowline_core::model::EvidenceFile)> = Vec::new();
    let mut others = Vec::new();
    for f in files {
        match photos
            .get(&f.sha256)
            .and_then(|b| picture(&f.content_type, b))
        {
            Some(image) => row.push((image, f)),
            None => others.push(f),
        }
    }
    for chunk in row.chunks(3) {
        pen.room(BOX + 30.0);
        let y0 = pen.y + 4.0;
        for (n, (image, f)) in chunk.iter().enumerate() {
            let (iw, ih) = image.size();
            let scale = (BOX / iw.max(1) as f32).min(BOX / ih.max(1) as f32);
            let (w, h) = (iw as f32 * scale, ih as f32 * scale);
            let x = MARGIN + 8.0 + n as f32 * (BOX + GAP);
            pen.ops().push(Op::Picture {
                x,
                y: y0,
                w,
                h,
                image: image.clone(),
            });
            let short = f.sha256.get(..16).unwrap_or(&f.sha256);
            pen.text_at(
                x,
                y0 + h + 10.0,
                6.5,
                Face::Mono,
                MUTED,
                &format!("SHA-256 {short}…"),
            );
        }
        pen.y = y0 + BOX + 18.0;
    }
    for f in others {
        pen.para(&file_line(f), 8.0, Face::Mono, MUTED, 8.0);
    }
}

fn employer(pen: &mut Pen, p: &Portfolio) {
    let r = &p.readiness;
    pen.heading("Confirmed by the employer");
    let behaviours: Vec<_> = r
        .ksbs
        .iter()
        .filter(|k| k.kind == flowline_core::domain::standard_doc::KsbKind::Behaviour)
        .collect();
    for k in &behaviours {
        match &k.confirmed {
            Some(c) => {
                pen.para(
                    &format!("{} · confirmed by {} on {}", k.code, c.by, day(&c.at)),
                    10.0,
                    Face::Bold,
                    INK,
                    0.0,
                );
                pen.para(&c.note, 9.5, Face::Regular, MUTED, 8.0);
            }
            None => pen.para(
                &format!("{} · not confirmed yet", k.code),
                10.0,
                Face::Regular,
                MUTED,
                0.0,
            ),
        }
    }
    match &r.gateway_confirmed {
        Some(c) => {
            pen.para(
                &format!(
                    "Ready for the Gateway · confirmed by {} on {}",
                    c.by,
                    day(&c.at)
                ),
                10.0,
                Face::Bold,
                INK,
                0.0,
            );
            if !c.note.is_empty() {
                pen.para(&c.note, 9.5, Face::Regular, MUTED, 8.0);
            }
        }
        None => pen.para(
            "Readiness for the Gateway: not confirmed by the employer yet.",
            10.0,
            Face::Regular,
            MUTED,
            0.0,
        ),
    }
}

fn reviews(pen: &mut Pen, p: &Portfolio) {
    pen.heading("Progress reviews, signed by the apprentice, line manager and mentor");
    if p.reviews.is_empty() {
        pen.para(
            "No progress review signed by all three yet.",
            10.0,
            Face::Regular,
            MUTED,
            0.0,
        );
    }
    for r in &p.reviews {
        let rec = &r.record;
        pen.para(
            &format!(
                "Review {} · {} to {} · overall mastery {:.0} % to {:.0} %",
                r.number,
                day(&rec.from),
                day(&rec.to),
                rec.overall_from,
                rec.overall_to
            ),
            10.0,
            Face::Bold,
            INK,
            0.0,
        );
        if !r.plan.is_empty() {
            pen.para(&format!("Plan: {}", r.plan), 9.5, Face::Regular, INK, 8.0);
        }
        for s in &r.signatures {
            pen.para(
                &format!(
                    "{}: {} · signed {} · {}",
                    s.party.label(),
                    s.name.as_deref().unwrap_or(""),
                    s.signed_at.as_deref().map(day).unwrap_or_default(),
                    s.signed_hash
                        .as_deref()
                        .and_then(|h| h.get(..16))
                        .unwrap_or_default()
                ),
                9.0,
                Face::Regular,
                MUTED,
                8.0,
            );
            if !s.comment.is_empty() {
                pen.para(&format!("“{}”", s.comment), 9.0, Face::Regular, MUTED, 16.0);
            }
        }
    }
}

fn hours(pen: &mut Pen, p: &Portfolio) {
    let o = &p.readiness.otj;
    pen.heading("Off-the-job training hours");
    pen.para(&o.summary, 11.0, Face::Bold, INK, 0.0);
    let s = &o.sources;
    pen.para(
        &format!(
            "Lessons {:.1} h · quick checks {:.1} h · observed practice {:.1} h · logged training (approved) {:.1} h",
            s.lessons, s.checks, s.observed, s.logged
        ),
        10.0,
        Face::Regular,
        INK,
        0.0,
    );
    for l in o.logs.iter().filter(|l| l.status == LogStatus::Approved) {
        pen.para(
            &format!(
                "{} · {} · {:.1} h · {}{}",
                day(&l.occurred_on),
                l.activity_label,
                l.minutes as f64 / 60.0,
                l.description,
                l.decided_by
                    .as_ref()
                    .map(|b| format!(" (approved by {b})"))
                    .unwrap_or_default()
            ),
            9.5,
            Face::Regular,
            MUTED,
            8.0,
        );
    }
}

fn trail(pen: &mut Pen, p: &Portfolio, verify_url: &str, document_hash: &str) {
    let r = &p.readiness;
    pen.heading("Evidence trail");
    pen.para(
        &format!(
            "{} pieces of evidence on a tamper-evident hash chain, {} xAPI statements in the JSON portfolio.",
            r.evidence_count,
            p.statements.len()
        ),
        10.0,
        Face::Regular,
        INK,
        0.0,
    );
    pen.para("Chain head (SHA-256):", 10.0, Face::Bold, INK, 0.0);
    pen.para(
        r.chain_head.as_deref().unwrap_or("none: no evidence yet"),
        9.0,
        Face::Mono,
        INK,
        0.0,
    );
    pen.para(
        "Portfolio hash (SHA-256 of its RFC 8785 JSON):",
        10.0,
        Face::Bold,
        INK,
        0.0,
    );
    pen.para(document_hash, 9.0, Face::Mono, INK, 0.0);
    pen.para("Verify at:", 10.0, Face::Bold, INK, 0.0);
    pen.para(verify_url, 8.0, Face::Mono, ACCENT, 0.0);
}

/// The PDF of `p`, pointing to `verify_url`.
pub fn render(
    p: &Portfolio,
    photos: &Photos,
    verify_url: &str,
    document_hash: &str,
) -> Result<Vec<u8>, AppError> {
    let fonts = Fonts::load()?;
    let footer = format!(
        "{} · {} · chain head {}",
        p.readiness.learner_name,
        p.readiness.standard,
        p.readiness
            .chain_head
            .as_deref()
            .map_or("none", |h| h.get(..16).unwrap_or(h))
    );
    let mut pen = Pen::new(&fonts, footer);
    cover(&mut pen, p, verify_url)?;
    ksb_table(&mut pen, p);
    chart(&mut pen, p);
    observations(&mut pen, p, photos);
    employer(&mut pen, p);
    reviews(&mut pen, p);
    hours(&mut pen, p);
    trail(&mut pen, p, verify_url, document_hash);
    write(&fonts, pen, p)
}

fn write(fonts: &Fonts, pen: Pen, p: &Portfolio) -> Result<Vec<u8>, AppError> {
    let font = |face: Face| {
        Font::new(fonts.get(face).data().to_vec().into(), 0)
            .ok_or_else(|| AppError::internal("a portfolio font did not load"))
    };
    let (regular, bold, mono) = (font(Face::Regular)?, font(Face::Bold)?, font(Face::Mono)?);
    let paint = |(r, g, b): (u8, u8, u8)| Fill {
        paint: rgb::Color::new(r, g, b).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    };
    let mut doc = Document::new();
    doc.set_metadata(
        Metadata::new()
            .title(format!(
                "Evidence portfolio: {} ({})",
                p.readiness.learner_name, p.readiness.standard
            ))
            .creator("Flowline".into())
            .language("en-GB".into()),
    );
    let total = pen.pages.len();
    for (n, ops) in pen.pages.into_iter().enumerate() {
        let settings = PageSettings::from_wh(W, H)
            .ok_or_else(|| AppError::internal("the portfolio page size is invalid"))?;
        let mut page = doc.start_page_with(settings);
        let mut s = page.surface();
        for op in ops.into_iter().chain(std::iter::once(Op::Text {
            x: MARGIN,
            y: H - 28.0,
            size: 8.0,
            face: Face::Regular,
            color: MUTED,
            text: format!("{} · page {} of {total}", pen.footer, n + 1),
        })) {
            match op {
                Op::Text {
                    x,
                    y,
                    size,
                    face,
                    color,
                    text,
                } => {
                    let f = match face {
                        Face::Regular => regular.clone(),
                        Face::Bold => bold.clone(),
                        Face::Mono => mono.clone(),
                    };
                    // (A stroke left set by a line would outline the glyphs.)
                    s.set_stroke(None);
                    s.set_fill(Some(paint(color)));
                    s.draw_text(
                        Point::from_xy(x, y),
                        f,
                        size,
                        &text,
                        false,
                        TextDirection::Auto,
                    );
                }
                Op::Rect { x, y, w, h, color } => {
                    let mut pb = PathBuilder::new();
                    if let Some(rect) = Rect::from_xywh(x, y, w, h) {
                        pb.push_rect(rect);
                    }
                    if let Some(path) = pb.finish() {
                        s.set_fill(Some(paint(color)));
                        s.set_stroke(None);
                        s.draw_path(&path);
                    }
                }
                Op::Picture { x, y, w, h, image } => {
                    if let Some(size) = Size::from_wh(w, h) {
                        s.push_transform(&Transform::from_translate(x, y));
                        s.draw_image(image, size);
                        s.pop();
                    }
                }
                Op::Line {
                    points,
                    width,
                    color,
                } => {
                    let mut pb = PathBuilder::new();
                    for (i, (x, y)) in points.iter().enumerate() {
                        if i == 0 {
                            pb.move_to(*x, *y);
                        } else {
                            pb.line_to(*x, *y);
                        }
                    }
                    if let Some(path) = pb.finish() {
                        s.set_fill(None);
                        s.set_stroke(Some(Stroke {
                            paint: rgb::Color::new(color.0, color.1, color.2).into(),
                            width,
                            ..Stroke::default()
                        }));
                        s.draw_path(&path);
                    }
                }
            }
        }
        s.finish();
        page.finish();
    }
    doc.finish()
        .map_err(|e| AppError::internal(format!("portfolio PDF: {e:?}")))
}
