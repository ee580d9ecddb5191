//! The messages, in Flowline's voice: short, plain, one thing to do, the link on a line of its
//! own (text) and as a button (HTML), and what to do if it was not you.

use super::Mail;

/// Escapes text for HTML.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// One message: a greeting, paragraphs, an optional button, a closing line. The text part
/// carries the same words with the link on its own line.
struct Letter<'a> {
    name: &'a str,
    paragraphs: &'a [String],
    button: Option<(&'a str, &'a str)>,
    closing: &'a str,
}

impl Letter<'_> {
    fn text(&self) -> String {
        let mut t = format!("Hello {},\n\n", self.name);
        for p in self.paragraphs {
            t.push_str(p);
            t.push_str("\n\n");
        }
        if let Some((label, link)) = self.button {
            t.push_str(&format!("{label}:\n{link}\n\n"));
        }
        t.push_str(self.closing);
        t.push_str("\n\n— Flowline\n");
        t
    }

    fn html(&self) -> String {
        let mut h = String::from(
            "<!doctype html><html><body style=\"margin:0;padding:24px;background:#f4f6f8;\
             font-family:-apple-system,'Segoe UI',Roboto,sans-serif;color:#1b2733;\">\
             <div style=\"max-width:520px;margin:0 auto;background:#ffffff;border-radius:12px;\
             padding:28px;\"><p style=\"font-weight:700;color:#0b6e4f;margin:0 0 20px;\">Flowline</p>",
        );
        h.push_str(&format!("<p>Hello {},</p>", esc(self.name)));
        for p in self.paragraphs {
            h.push_str(&format!("<p style=\"line-height:1.5;\">{}</p>", esc(p)));
        }
        if let Some((label, link)) = self.button {
            h.push_str(&format!(
                "<p style=\"margin:28px 0;\"><a href=\"{}\" style=\"background:#0b6e4f;color:#ffffff;\
                 text-decoration:none;padding:12px 20px;border-radius:8px;font-weight:600;\
                 display:inline-block;\">{}</a></p><p style=\"font-size:13px;color:#5b6b7a;\
                 word-break:break-all;\">Or open this link: {}</p>",
                esc(link),
                esc(label),
                esc(link)
            ));
        }
        h.push_str(&format!(
            "<p style=\"font-size:13px;color:#5b6b7a;line-height:1.5;\">{}</p></div></body></html>",
            esc(self.closing)
        ));
        h
    }

    fn to(&self, to: &str, subject: &str) -> Mail {
        Mail {
            to: to.to_owned(),
            subject: subject.to_owned(),
            text: self.text(),
            html: self.html(),
        }
    }
}

/// A link to choose a new password, after "Forgot your password?".
pub fn password_reset(to: &str, name: &str, link: &str, valid_minutes: i64) -> Mail {
    Letter {
        name,
        paragraphs: &[
            "Someone asked to reset the password of your Flowline account. If it was you, choose a new password with the button below.".to_owned(),
            format!("The link works once, for {valid_minutes} minutes. Choosing a new password signs you out on every other device."),
        ],
        button: Some(("Choose a new password", link)),
        closing: "If you did not ask for this, you can ignore this e-mail: your password stays as it is.",
    }
    .to(to, "Reset your Flowline password")
}

/// The link that finishes a self-registration (the account is made when it is followed).
pub fn confirm_registration(to: &str, name: &str, link: &str, valid_hours: i64) -> Mail {
    Letter {
        name,
        paragraphs: &[
            "Welcome to Flowline. To finish creating your account, confirm that this is your e-mail address.".to_owned(),
            format!("The link works once, for {valid_hours} hours."),
        ],
        button: Some(("Finish creating my account", link)),
        closing: "If you did not ask for a Flowline account, you can ignore this e-mail: no account is made.",
    }
    .to(to, "Finish creating your Flowline account")
}

/// Someone tried to register with an address that already has an account.
pub fn already_registered(to: &str, name: &str, sign_in: &str, forgot: &str) -> Mail {
    Letter {
        name,
        paragraphs: &[
            "Someone tried to create a Flowline account with this e-mail address, but you already have one.".to_owned(),
            format!("Sign in at {sign_in}. If you have forgotten your password, you can choose a new one at {forgot}."),
        ],
        button: Some(("Sign in", sign_in)),
        closing: "If this was not you, nothing has changed and you do not need to do anything.",
    }
    .to(to, "You already have a Flowline account")
}

/// The password was changed (by reset or on Me): the owner hears of it either way.
pub fn password_changed(to: &str, name: &str, forgot: &str) -> Mail {
    Letter {
        name,
        paragraphs: &[
            "The password of your Flowline account was just changed, and every other device was signed out.".to_owned(),
        ],
        button: None,
        closing: &format!("If this was not you, choose a new password at once at {forgot} and tell your training provider."),
    }
    .to(to, "Your Flowline password was changed")
}

/// A one-time link to sign in and choose a password: on import, and when an admin sends one.
pub fn invitation(to: &str, name: &str, link: &str, valid_days: i64) -> Mail {
    Letter {
        name,
        paragraphs: &[
            "Your training provider has given you a Flowline account: short videos and quick checks for your apprenticeship, on your phone.".to_owned(),
            format!("Open the link below to choose your password and start. It works once, for {valid_days} days; after that, ask your training provider for a new one."),
        ],
        button: Some(("Choose a password and start", link)),
        closing: "If you were not expecting this, you can ignore this e-mail.",
    }
    .to(to, "Your Flowline account is ready")
}

/// A progress review is ready for the apprentice's or the line manager's comment and
/// signature.
pub fn review_to_sign(to: &str, name: &str, learner: &str, number: i64, link: &str) -> Mail {
    Letter {
        name,
        paragraphs: &[
            format!("Progress review {number} of {learner}'s apprenticeship is drafted from their record in Flowline."),
            "Read it, add your comment and sign it on your phone. The review is final once the apprentice, their line manager and their mentor have all signed.".to_owned(),
        ],
        button: Some(("Read and sign", link)),
        closing: "If something in it is wrong, say so in your comment before you sign.",
    }
    .to(to, &format!("Progress review {number} is ready to sign"))
}

/// A progress review still waiting for this person's signature.
pub fn review_reminder(to: &str, name: &str, learner: &str, number: i64, link: &str) -> Mail {
    Letter {
        name,
        paragraphs: &[
            format!("Progress review {number} of {learner}'s apprenticeship is still waiting for your signature."),
            "It becomes final, and part of the apprenticeship's evidence, once the apprentice, their line manager and their mentor have all signed what it says now.".to_owned(),
        ],
        button: Some(("Read and sign", link)),
        closing: "If something in it is wrong, say so in your comment before you sign.",
    }
    .to(to, &format!("Reminder: progress review {number} is waiting for you"))
}

/// A mentor's apprentice is due a progress review.
pub fn review_due(to: &str, name: &str, learner: &str, number: i64, due: &str, link: &str) -> Mail {
    Letter {
        name,
        paragraphs: &[
            format!("{learner}'s progress review {number} is due on {due}."),
            "Draft it from their page in instructor mode: Flowline fills it in from their record since the last review, and e-mails the apprentice and their line manager to sign.".to_owned(),
        ],
        button: Some(("Open their page", link)),
        closing: "You get this once for each review.",
    }
    .to(to, &format!("Progress review {number} for {learner} is due"))
}

/// A safety question for a mentor (or, unacknowledged in time, for an admin).
pub fn safety_alert(
    to: &str,
    name: &str,
    learner: &str,
    question: &str,
    link: &str,
    unacknowledged: bool,
) -> Mail {
    let (subject, first) = if unacknowledged {
        (
            format!("Safety: nobody has answered {learner} yet"),
            format!("{learner} asked something about their safety and none of their mentors has said they are on it. They wrote:"),
        )
    } else {
        (
            format!("Safety: {learner} needs you now"),
            format!("{learner} asked something about their safety. The coach sent it straight to you. They wrote:"),
        )
    };
    Letter {
        name,
        paragraphs: &[
            first,
            format!("\u{201c}{question}\u{201d}"),
            "Open the inbox and tap \u{201c}I\u{2019}m on it\u{201d} so others know it is in hand, then call or answer them.".to_owned(),
        ],
        button: Some(("Open the inbox", link)),
        closing: "If someone is hurt or in danger, call 999 first.",
    }
    .to(to, &subject)
}

/// A nudge by e-mail, for a learner no push or WhatsApp reaches.
pub fn nudge(to: &str, name: &str, body: &str, link: &str) -> Mail {
    Letter {
        name,
        paragraphs: &[body.to_owned()],
        button: Some(("Open Flowline", link)),
        closing: "You can choose which nudges you get, and when you are not to be disturbed, on Me in Flowline.",
    }
    .to(to, "A nudge from your Flowline coach")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reset_mail_carries_the_link_in_both_parts_and_escapes_names() {
        let m = password_reset(
            "sam@example.com",
            "Sam <O'Neil>",
            "https://x.org/reset/abc?d=1&e=2",
            60,
        );
        assert!(
            m.text.contains("\nhttps://x.org/reset/abc?d=1&e=2\n"),
            "{}",
            m.text
        );
        assert!(m.text.starts_with("Hello Sam <O'Neil>,"));
        assert!(
            m.html
                .contains("href=\"https://x.org/reset/abc?d=1&amp;e=2\""),
            "{}",
            m.html
        );
        assert!(
            m.html.contains("Hello Sam &lt;O&#39;Neil&gt;,"),
            "{}",
            m.html
        );
        assert!(m.text.contains("60 minutes"));
    }
}
