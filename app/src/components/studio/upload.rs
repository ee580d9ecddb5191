//! Sending a file to a REST endpoint with upload progress (XMLHttpRequest: `fetch` cannot
//! report how much of a request body has gone).

#[cfg(feature = "hydrate")]
use flowline_core::error::{AppError, ErrorCode};
#[cfg(feature = "hydrate")]
use flowline_core::model::StudioLesson;

/// Where an upload stands, for the progress bar.
#[derive(Debug, Clone, PartialEq)]
pub enum UploadState {
    Idle,
    /// Share sent (0–1).
    Sending(f64),
    /// Sent; the server is checking it.
    Checking,
    Done,
    Failed(String),
}

/// PUTs `file` to `url` as `content_type`; `progress` hears the share sent, `done` the
/// lesson as the server now has it, or the error to show.
#[cfg(feature = "hydrate")]
pub fn put_file(
    url: &str,
    content_type: &str,
    file: web_sys::File,
    progress: impl Fn(f64) + 'static,
    done: impl FnOnce(Result<StudioLesson, AppError>) + 'static,
) {
    use leptos::wasm_bindgen::closure::Closure;
    use leptos::wasm_bindgen::JsCast;
    let fail = |m: &str| AppError::new(ErrorCode::Network, m.to_owned());
    let Ok(xhr) = web_sys::XmlHttpRequest::new() else {
        done(Err(fail("This browser cannot upload files.")));
        return;
    };
    if xhr.open("PUT", url).is_err()
        || xhr
            .set_request_header("Content-Type", content_type)
            .is_err()
    {
        done(Err(fail("The upload could not start.")));
        return;
    }
    xhr.set_request_header("Accept", "application/json").ok();
    if let Ok(up) = xhr.upload() {
        let on_progress =
            Closure::<dyn Fn(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
                if e.length_computable() && e.total() > 0.0 {
                    progress(e.loaded() / e.total());
                }
            });
        up.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        on_progress.forget();
    }
    let done = std::rc::Rc::new(std::cell::RefCell::new(Some(done)));
    let reply = xhr.clone();
    let finish = done.clone();
    let on_load = Closure::<dyn Fn()>::new(move || {
        let Some(done) = finish.borrow_mut().take() else {
            return;
        };
        let status = reply.status().unwrap_or(0);
        let text = reply.response_text().ok().flatten().unwrap_or_default();
        if (200..300).contains(&status) {
            done(serde_json::from_str(&text).map_err(AppError::internal));
        } else {
            let message = serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|v| v["error"]["message"].as_str().map(str::to_owned))
                .unwrap_or_else(|| format!("The upload failed ({status})."));
            done(Err(AppError::new(ErrorCode::Invalid, message)));
        }
    });
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    on_load.forget();
    let on_error = Closure::<dyn Fn()>::new(move || {
        if let Some(done) = done.borrow_mut().take() {
            done(Err(AppError::new(
                ErrorCode::Network,
                "The upload was cut off. Check your connection and try again.",
            )));
        }
    });
    xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    if xhr.send_with_opt_blob(Some(&file)).is_err() {
        // on_error reports it.
    }
}
