//! Where a lesson's video comes from, and how playback recovers by itself.
//!
//! Chromium's media loader takes every byte range of one URL from one origin; a range the
//! service worker cuts from a kept copy has no origin, so the two must never mix under one URL
//! (the stream dies with "data source error"). A video therefore has two URLs: the plain one,
//! which the worker never answers (the network), and the kept copy's, `…?device`, which it
//! answers only from the device (see `public/sw.js`). This module picks one, and on a media
//! error tries the other, then the network afresh, before it shows "Couldn't play — retry".

use leptos::prelude::*;

/// The query that asks the service worker for the kept copy (public/sw.js: `DEVICE_PARAM`).
const DEVICE_PARAM: &str = "device";
/// The cache the service worker keeps media in (public/sw.js: `MEDIA`).
#[cfg(feature = "hydrate")]
const MEDIA_CACHE: &str = "flowline-media";
/// Automatic attempts after a media error before the learner is asked.
const AUTO_RETRIES: u32 = 2;

/// The URL of the kept copy of a media file.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub fn device_url(url: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}{DEVICE_PARAM}")
}

/// A fresh network URL for another attempt (the browser forgets a failed URL's stream).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn retry_url(url: &str, attempt: u32) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}retry={attempt}")
}

/// Whether the service worker keeps this file on the device.
#[cfg(feature = "hydrate")]
pub async fn is_kept(url: &str) -> bool {
    use leptos::wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let Ok(caches) = window().caches() else {
        return false;
    };
    let Ok(cache) = JsFuture::from(caches.open(MEDIA_CACHE)).await else {
        return false;
    };
    let cache: web_sys::Cache = cache.unchecked_into();
    JsFuture::from(cache.match_with_str(url))
        .await
        .is_ok_and(|hit| !hit.is_undefined())
}

/// One video's source and its recovery state.
#[derive(Clone, Copy)]
pub struct Playback {
    /// The plain (network) URL.
    url: StoredValue<String>,
    /// What the element plays now.
    pub src: RwSignal<String>,
    /// Where to pick up after a reload (seconds).
    pub resume_at: StoredValue<f64>,
    attempts: StoredValue<u32>,
    /// Every attempt failed: the learner sees the poster and "Couldn't play — retry".
    pub failed: RwSignal<bool>,
}

impl Playback {
    pub fn new(url: String) -> Self {
        Playback {
            src: RwSignal::new(url.clone()),
            url: StoredValue::new(url),
            resume_at: StoredValue::new(0.0),
            attempts: StoredValue::new(0),
            failed: RwSignal::new(false),
        }
    }

    /// Plays the kept copy when there is one and the video has not started from the network.
    pub fn prefer_kept(self, not_started: impl Fn() -> bool + 'static) {
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            let url = self.url.get_value();
            if is_kept(&url).await && not_started() {
                self.src.set(device_url(&url));
            }
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = not_started;
    }

    /// After a media error: the other source, then the network afresh, then ask.
    pub fn recover(self) {
        let attempt = self.attempts.get_value() + 1;
        self.attempts.set_value(attempt);
        if attempt > AUTO_RETRIES {
            self.failed.set(true);
            return;
        }
        let url = self.url.get_value();
        let on_device = self.src.with_untracked(|s| s.contains(DEVICE_PARAM));
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            let next = if !on_device && is_kept(&url).await {
                device_url(&url)
            } else {
                retry_url(&url, attempt)
            };
            self.src.set(next);
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = (url, on_device);
    }

    /// The learner's "Retry": start again with the automatic attempts.
    pub fn retry(self) {
        self.attempts.set_value(0);
        self.failed.set(false);
        self.recover();
    }

    /// Playback went well: the next error starts the attempts afresh.
    pub fn playing(self) {
        if self.attempts.get_value() > 0 {
            self.attempts.set_value(0);
        }
    }
}

/// Starts a video. With sound on (the learner's saved choice) the browser may refuse to start
/// before a tap: then it plays muted and shows "Tap for sound". Any other refusal (no source
/// yet, a source that failed) is left to the element's error handling, never thrown.
pub(super) fn play_quietly(video: &web_sys::HtmlMediaElement, state: super::state::FeedState) {
    let playing = video.play();
    #[cfg(feature = "hydrate")]
    if let Ok(promise) = playing {
        let video = video.clone();
        leptos::task::spawn_local(async move {
            let Err(e) = wasm_bindgen_futures::JsFuture::from(promise).await else {
                return;
            };
            let name = js_sys::Reflect::get(&e, &"name".into())
                .ok()
                .and_then(|n| n.as_string());
            if name.as_deref() == Some("NotAllowedError") && !video.muted() {
                state.muted.set(true);
                video.set_muted(true);
                if let Ok(again) = video.play() {
                    let _ = wasm_bindgen_futures::JsFuture::from(again).await;
                }
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (playing, state);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kept_copy_and_a_retry_have_urls_of_their_own() {
        assert_eq!(device_url("/media/a.mp4"), "/media/a.mp4?device");
        assert_eq!(device_url("/media/a.mp4?v=2"), "/media/a.mp4?v=2&device");
        assert_eq!(retry_url("/media/a.mp4", 2), "/media/a.mp4?retry=2");
        assert_ne!(retry_url("/media/a.mp4", 1), retry_url("/media/a.mp4", 2));
    }
}
