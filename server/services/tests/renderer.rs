//! The local renderer, for real: espeak-ng and ffmpeg turn a short script into a video a
//! phone can play. (Installed by `scripts/setup.sh --test`.)

use services::media::mp4;
use services::media::render::{parse_vtt, LocalRenderer, RenderScript, Renderer, Scene};
use std::process::Command;
use std::sync::Mutex;

fn script() -> RenderScript {
    let scene = |headline: &str, bullets: &[&str], narration: &str| Scene {
        headline: headline.into(),
        bullets: bullets.iter().map(|b| (*b).to_owned()).collect(),
        narration: narration.into(),
    };
    RenderScript {
        title: "Proving dead, the short version".into(),
        tags: vec!["S3".into(), "K6".into()],
        scenes: vec![
            scene(
                "Prove the tester first",
                &["On a proving unit", "Or a known live source"],
                "Before you test the cable, prove your voltage indicator works on a proving unit or a known live source.",
            ),
            scene(
                "Test every conductor",
                &[],
                "Then test every conductor at the point of work, phase to phase and phase to earth, and prove the tester again.",
            ),
        ],
    }
}

/// Speech alone, measured independently of the renderer.
fn speech_seconds(dir: &std::path::Path, text: &str) -> f64 {
    let wav = dir.join("probe.wav");
    let ok = Command::new("espeak-ng")
        .args(["-v", "en-gb", "-s", "145", "-w"])
        .arg(&wav)
        .arg(text)
        .status()
        .expect("espeak-ng runs")
        .success();
    assert!(ok);
    let r = hound::WavReader::open(&wav).expect("wav");
    f64::from(r.duration()) / f64::from(r.spec().sample_rate)
}

fn probe(path: &std::path::Path, entries: &str) -> String {
    let out = Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-show_entries",
            entries,
            "-of",
            "default=nw=1:nk=1",
        ])
        .arg(path)
        .output()
        .expect("ffprobe runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[tokio::test]
async fn a_short_script_becomes_a_faststart_vertical_video_with_captions_and_a_poster() {
    let renderer = LocalRenderer::default();
    renderer
        .check()
        .await
        .expect("espeak-ng, ffmpeg and fonts are installed");
    let dir = tempfile::tempdir().expect("tempdir");
    let seen = Mutex::new(Vec::new());
    let report = |p: f32| seen.lock().expect("lock").push(p);
    let s = script();
    let files = renderer
        .render(&s, dir.path(), &report)
        .await
        .expect("renders");

    // A faststart MP4: ftyp, then the index, then the media.
    let boxes =
        mp4::top_level_boxes(std::fs::File::open(&files.video).expect("open")).expect("boxes");
    assert!(mp4::is_faststart_mp4(&boxes), "{boxes:?}");

    // H.264 + AAC, 9:16.
    assert_eq!(
        probe(&files.video, "stream=codec_name")
            .lines()
            .collect::<Vec<_>>(),
        ["h264", "aac"]
    );
    assert_eq!(
        probe(&files.video, "stream=width,height")
            .lines()
            .take(2)
            .collect::<Vec<_>>(),
        ["720", "1280"]
    );

    // As long as the narration (speech plus the pauses between scenes), within 10 %.
    let speech: f64 = s
        .scenes
        .iter()
        .map(|sc| speech_seconds(dir.path(), &sc.narration))
        .sum();
    let narration = speech + 0.4 + 0.7 + 0.9;
    let video: f64 = probe(&files.video, "format=duration")
        .parse()
        .expect("duration");
    assert!(
        (video - narration).abs() <= narration * 0.10,
        "video {video:.2}s vs narration {narration:.2}s"
    );
    assert!((files.duration_ms as f64 / 1000.0 - video).abs() < 0.5);

    // Captions parse and follow the narration from start to end.
    let cues =
        parse_vtt(&std::fs::read_to_string(&files.captions).expect("vtt")).expect("valid WebVTT");
    assert!(cues.len() >= 2);
    assert_eq!(cues[0].start_ms, 400);
    assert!(cues
        .last()
        .is_some_and(|c| (c.end_ms as f64) / 1000.0 <= video));
    let captioned: Vec<String> = cues
        .iter()
        .flat_map(|c| {
            c.text
                .split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    let narrated: Vec<String> = s
        .scenes
        .iter()
        .flat_map(|sc| {
            sc.narration
                .split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(captioned, narrated);

    // A JPEG poster of the same shape.
    let poster = std::fs::read(&files.poster).expect("poster");
    assert_eq!(&poster[..3], &[0xFF, 0xD8, 0xFF]);
    assert_eq!(
        probe(&files.poster, "stream=width,height")
            .lines()
            .collect::<Vec<_>>(),
        ["720", "1280"]
    );

    // Progress was reported and finished.
    let seen = seen.into_inner().expect("lock");
    assert!(seen.len() >= 3 && seen.last() == Some(&1.0), "{seen:?}");
}

#[tokio::test]
async fn a_scene_too_long_for_the_screen_is_refused_before_encoding() {
    let mut s = script();
    s.scenes[0].headline = "word ".repeat(40);
    let dir = tempfile::tempdir().expect("tempdir");
    let err = LocalRenderer::default()
        .render(&s, dir.path(), &|_| {})
        .await
        .expect_err("refused");
    assert!(err.to_string().contains("does not fit on screen"), "{err}");
    assert!(!dir.path().join("video.mp4").exists());
}
