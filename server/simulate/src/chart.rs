//! The report's chart, as a self-contained SVG: median sessions to readiness per group and
//! policy (left), and the engine's reliability curve for the feed (right).

use super::report::Report;
use super::Policy;
use std::fmt::Write;

const W: f64 = 880.0;
const H: f64 = 380.0;
const COLOURS: [(&str, Policy); 3] = [
    ("#0f766e", Policy::Feed),
    ("#94a3b8", Policy::CourseOrder),
    ("#f59e0b", Policy::Random),
];

fn text(out: &mut String, x: f64, y: f64, size: f64, anchor: &str, s: &str) {
    let _ = write!(
        out,
        r##"<text x="{x:.1}" y="{y:.1}" font-size="{size}" text-anchor="{anchor}" fill="#1e293b">{s}</text>"##
    );
}

pub fn svg(report: &Report) -> String {
    let mut out = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}" font-family="system-ui, sans-serif"><rect width="{W}" height="{H}" fill="#ffffff"/>"##
    );
    // Left: bars.
    let (x0, y0, pw, ph) = (60.0, 50.0, 480.0, 260.0);
    text(
        &mut out,
        x0,
        28.0,
        15.0,
        "start",
        "Median sessions to readiness",
    );
    let groups: Vec<&str> = {
        let mut g: Vec<&str> = report.groups.iter().map(|r| r.group.as_str()).collect();
        g.dedup();
        g
    };
    let max = report
        .groups
        .iter()
        .filter_map(|r| r.median_sessions)
        .max()
        .unwrap_or(1)
        .max(1) as f64
        * 1.1;
    let _ = write!(
        out,
        r##"<line x1="{x0}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#cbd5e1"/>"##,
        y0 + ph,
        x0 + pw,
        y0 + ph
    );
    let slot = pw / groups.len().max(1) as f64;
    let bar = slot / 4.0;
    for (gi, g) in groups.iter().enumerate() {
        let gx = x0 + slot * gi as f64 + bar / 2.0;
        for (pi, (colour, policy)) in COLOURS.iter().enumerate() {
            let Some(r) = report
                .groups
                .iter()
                .find(|r| r.group == *g && r.policy == *policy)
            else {
                continue;
            };
            let x = gx + bar * pi as f64;
            match r.median_sessions {
                Some(v) => {
                    let h = ph * f64::from(v) / max;
                    let _ = write!(
                        out,
                        r#"<rect x="{x:.1}" y="{:.1}" width="{:.1}" height="{h:.1}" fill="{colour}"/>"#,
                        y0 + ph - h,
                        bar - 2.0
                    );
                    text(
                        &mut out,
                        x + bar / 2.0 - 1.0,
                        y0 + ph - h - 4.0,
                        10.0,
                        "middle",
                        &v.to_string(),
                    );
                }
                None => text(&mut out, x + bar / 2.0, y0 + ph - 6.0, 10.0, "middle", "∞"),
            }
        }
        text(&mut out, gx + bar * 1.5, y0 + ph + 18.0, 11.0, "middle", g);
    }
    for (i, (colour, policy)) in COLOURS.iter().enumerate() {
        let x = x0 + 150.0 * i as f64;
        let _ = write!(
            out,
            r#"<rect x="{x}" y="{:.1}" width="12" height="12" fill="{colour}"/>"#,
            H - 32.0
        );
        text(&mut out, x + 18.0, H - 21.0, 12.0, "start", policy.label());
    }
    // Right: reliability.
    let (rx, ry, rs) = (620.0, 50.0, 240.0);
    text(
        &mut out,
        rx,
        28.0,
        15.0,
        "start",
        "Engine's calibration (feed)",
    );
    let _ = write!(
        out,
        r##"<rect x="{rx}" y="{ry}" width="{rs}" height="{rs}" fill="none" stroke="#cbd5e1"/><line x1="{rx}" y1="{:.1}" x2="{:.1}" y2="{ry}" stroke="#cbd5e1" stroke-dasharray="4 4"/>"##,
        ry + rs,
        rx + rs
    );
    if let Some(c) = report.calibration.iter().find(|c| c.policy == Policy::Feed) {
        let points: Vec<String> = c
            .curve
            .iter()
            .map(|b| {
                format!(
                    "{:.1},{:.1}",
                    rx + rs * b.predicted,
                    ry + rs * (1.0 - b.observed)
                )
            })
            .collect();
        let _ = write!(
            out,
            r##"<polyline points="{}" fill="none" stroke="#0f766e" stroke-width="2"/>"##,
            points.join(" ")
        );
        for p in &points {
            let (x, y) = p.split_once(',').unwrap_or(("0", "0"));
            let _ = write!(out, r##"<circle cx="{x}" cy="{y}" r="3" fill="#0f766e"/>"##);
        }
        text(
            &mut out,
            rx,
            ry + rs + 36.0,
            11.0,
            "start",
            &format!(
                "log loss {:.3} (constant rate {:.3})",
                c.log_loss, c.constant_log_loss
            ),
        );
    }
    text(
        &mut out,
        rx + rs / 2.0,
        ry + rs + 18.0,
        11.0,
        "middle",
        "predicted chance of a right answer",
    );
    text(&mut out, rx - 8.0, ry + 10.0, 11.0, "end", "1");
    text(&mut out, rx - 8.0, ry + rs, 11.0, "end", "0");
    out.push_str("</svg>\n");
    out
}
