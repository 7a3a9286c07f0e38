//! The pages the help centre points at: how the zero-risk payment works,
//! how to write one's invoice, the warning against dealing outside the
//! platform (texts from the server, so the shared wasm does not carry
//! them), the contact page and its staff inbox, and the terms of use with
//! each person's acceptance. One lazy route. Every form here posts
//! natively: it works before the wasm loads, and without it.

use super::common::{ErrorNotice, Loading, Posted};
use super::lang::{message_for, use_page_lang, PageLang};
use crate::api::pages::{
    read_info_page, read_terms, staff_inbox, AcceptTerms, PublishTerms, ReplyContact, SendContact,
};
use crate::domain::contact::Topic;
use crate::domain::locale::Lang;
use crate::domain::terms::Block;
use crate::error::AppError;
use crate::tr;
use crate::views::pages::{ContactMessage, InfoPage, TermsPage};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_query_map};
use server_fn::ServerFn;

/// Every page of this module, by address.
#[component]
pub fn PagesRoute() -> impl IntoView {
    let path = use_location().pathname.get_untracked();
    match path.trim_end_matches('/') {
        "/contact" => view! { <ContactPage/> }.into_any(),
        "/conditions" | "/terms" => view! { <TermsRoute/> }.into_any(),
        "/staff/inbox" => view! { <InboxPage/> }.into_any(),
        "/staff/conditions" => view! { <PublishTermsPage/> }.into_any(),
        other => view! { <FixedPage slug=other.trim_start_matches('/').to_owned()/> }.into_any(),
    }
}

/// The terms' address in the page's language.
pub fn terms_path(lang: PageLang) -> &'static str {
    match lang.get() {
        Lang::Fr => "/conditions",
        Lang::En => "/terms",
    }
}

fn problem(error: Option<&AppError>, field: &str) -> Option<impl IntoView> {
    message_for(error, field).map(|m| view! { <p class="field-error">{m}</p> })
}

/// A form's refusal that is not about one of its fields.
fn general(error: Option<&AppError>) -> Option<impl IntoView> {
    error
        .filter(|e| !matches!(e, AppError::Invalid(_)))
        .cloned()
        .map(|e| view! { <ErrorNotice error=e/> })
}

#[component]
fn FixedPage(slug: String) -> impl IntoView {
    let lang = use_page_lang();
    let page = Resource::new(
        move || (lang.get(), slug.clone()),
        |(lang, slug)| read_info_page(lang, slug),
    );
    view! {
        <section class="prose narrow">
            <Transition fallback=|| view! { <Loading/> }>
                {move || page.get().map(|r| match r {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(p) => view! { <Fixed p/> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Fixed(p: InfoPage) -> impl IntoView {
    view! {
        <Title text=p.title.clone()/>
        <article class="card">
            <h1>{p.title}</h1>
            <p class="lead">{p.intro}</p>
            {p.sections.into_iter().map(|s| view! {
                <h2>{s.heading}</h2>
                {s.paragraphs.into_iter().map(|t| view! { <p>{t}</p> }).collect_view()}
            }).collect_view()}
            {(!p.links.is_empty()).then(|| view! {
                <ul class="page-links">
                    {p.links.into_iter().map(|l| view! { <li><A href=l.href>{l.text}</A></li> }).collect_view()}
                </ul>
            })}
        </article>
    }
}

fn topic_label(topic: Topic) -> ArcSignal<&'static str> {
    match topic {
        Topic::Account => tr!(pages.topic.account),
        Topic::Project => tr!(pages.topic.project),
        Topic::Payment => tr!(pages.topic.payment),
        Topic::Report => tr!(pages.topic.report),
        Topic::Other => tr!(pages.topic.other),
    }
}

/// The contact form. Signed in, the account says who writes.
#[component]
fn ContactPage() -> impl IntoView {
    let auth = expect_context::<super::session::Auth>();
    let posted = Posted::of(SendContact::PATH);
    let sent = use_query_map().get_untracked().get("sent").is_some();
    view! {
        <Title text=tr!(pages.contact_title)/>
        <section class="narrow">
            <h1>{tr!(pages.contact_title)}</h1>
            <p class="lead">{tr!(pages.contact_intro)}</p>
            {sent.then(|| view! {
                <div class="notice success" role="status"><p>{tr!(pages.contact_sent)}</p></div>
            })}
            <Transition fallback=|| view! { <Loading/> }>
                {move || {
                    let posted = posted.clone();
                    Suspend::new(async move {
                        let signed_in = matches!(auth.user.await, Ok(Some(_)));
                        view! { <ContactForm posted signed_in/> }
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn ContactForm(posted: Posted, signed_in: bool) -> impl IntoView {
    let error = posted.error();
    let err = error.as_ref();
    let topic = posted.value("topic");
    view! {
        <form class="card" method="post" action=SendContact::PATH>
            {general(err)}
            {(!signed_in).then(|| view! {
                <div class="field-row">
                    <div class="field">
                        <label for="contact-name">{tr!(pages.your_name)}</label>
                        <input id="contact-name" name="name" autocomplete="name" maxlength="100" value=posted.value("name")/>
                        {problem(err, "name")}
                    </div>
                    <div class="field">
                        <label for="contact-email">{tr!(pages.your_email)}</label>
                        <input id="contact-email" name="email" type="email" autocomplete="email" value=posted.value("email")/>
                        {problem(err, "email")}
                    </div>
                </div>
            })}
            <div class="field">
                <label for="contact-topic">{tr!(pages.topic_label)}</label>
                <select id="contact-topic" name="topic">
                    <option value="">{tr!(pages.choose_topic)}</option>
                    {Topic::ALL.into_iter().map(|t| view! {
                        <option value=t.slug() selected={topic == t.slug()}>{topic_label(t)}</option>
                    }).collect_view()}
                </select>
                {problem(err, "topic")}
            </div>
            <div class="field">
                <label for="contact-body">{tr!(pages.message)}</label>
                <textarea id="contact-body" name="body" rows="8" maxlength="5000">{posted.value("body")}</textarea>
                {problem(err, "body")}
            </div>
            <button type="submit" class="button primary">{tr!(pages.send)}</button>
        </form>
    }
}

/// The staff inbox: each message with its answers and a reply form.
#[component]
fn InboxPage() -> impl IntoView {
    let posted = Posted::of(ReplyContact::PATH);
    let inbox = Resource::new(|| (), |_| staff_inbox());
    let answered = use_query_map().get_untracked().get("answered");
    view! {
        <Title text=tr!(pages.inbox_title)/>
        <section>
            <h1>{tr!(pages.inbox_title)}</h1>
            {answered.map(|_| view! {
                <div class="notice success" role="status"><p>{tr!(pages.reply_sent)}</p></div>
            })}
            <Transition fallback=|| view! { <Loading/> }>
                {move || {
                    let posted = posted.clone();
                    inbox.get().map(move |r| match r {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(list) if list.is_empty() => view! {
                            <p class="empty">{tr!(pages.inbox_empty)}</p>
                        }.into_any(),
                        Ok(list) => list.into_iter().map(|m| {
                            let posted = posted.clone();
                            view! { <Message m posted/> }
                        }).collect_view().into_any(),
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn Message(m: ContactMessage, posted: Posted) -> impl IntoView {
    let lang = use_page_lang();
    let id = m.id;
    let (at, answered) = (m.created_at, m.answered_at);
    let title_id = format!("message-{id}");
    let labelled = title_id.clone();
    // A refused reply comes back to its own message only.
    let mine = posted.value("message_id") == id.to_string();
    let error = posted.error().filter(|_| mine);
    let typed = if mine {
        posted.value("reply")
    } else {
        String::new()
    };
    let sender = match m.user_id {
        Some(user) => {
            view! { <A href=format!("/staff/people/{user}")>{m.name.clone()}</A> }.into_any()
        }
        None => m.name.clone().into_any(),
    };
    view! {
        <article class="card inbox-message" aria-labelledby=labelled>
            <h2 id=title_id>{topic_label(m.topic)}" · "{sender}</h2>
            <p class="muted small">
                {m.email.clone()}" · "{move || lang.get().stamp(at)}" · "
                {match answered {
                    Some(_) => tr!(pages.answered).into_any(),
                    None => view! { <strong>{tr!(pages.waiting)}</strong> }.into_any(),
                }}
            </p>
            <p class="message-body" lang=m.lang.code()>{m.body.clone()}</p>
            {m.replies.into_iter().map(|r| {
                let at = r.created_at;
                view! {
                    <div class="inbox-reply">
                        <p class="muted small">{r.staff.unwrap_or_default()}" · "{move || lang.get().stamp(at)}</p>
                        <p class="message-body">{r.body}</p>
                    </div>
                }
            }).collect_view()}
            <form method="post" action=ReplyContact::PATH>
                {general(error.as_ref())}
                <input type="hidden" name="message_id" value=id.to_string()/>
                <div class="field">
                    <label for=format!("reply-{id}")>{tr!(pages.reply_label)}</label>
                    <textarea id=format!("reply-{id}") name="reply" rows="4" maxlength="10000">{typed}</textarea>
                    {problem(error.as_ref(), "reply")}
                </div>
                <button type="submit" class="button primary">{tr!(pages.reply_send)}</button>
            </form>
        </article>
    }
}

/// `/conditions` (`/terms`): a version, the list of versions, and for a
/// signed-in person what they accepted and the button to accept.
#[component]
fn TermsRoute() -> impl IntoView {
    let lang = use_page_lang();
    let query = use_query_map().get_untracked();
    let version = query.get("version").and_then(|v| v.parse::<i32>().ok());
    let accepted = query.get("accepted").is_some();
    let published = query.get("published");
    let posted = Posted::of(AcceptTerms::PATH);
    let terms = Resource::new(move || lang.get(), move |lang| read_terms(lang, version));
    view! {
        <Title text=tr!(pages.terms_title)/>
        <section class="prose narrow">
            {accepted.then(|| view! {
                <div class="notice success" role="status"><p>{tr!(pages.terms_accepted)}</p></div>
            })}
            {published.map(|_| view! {
                <div class="notice success" role="status"><p>{tr!(pages.terms_published)}</p></div>
            })}
            {general(posted.error().as_ref())}
            <Transition fallback=|| view! { <Loading/> }>
                {move || terms.get().map(|r| match r {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(t) => view! { <Terms t/> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Terms(t: TermsPage) -> impl IntoView {
    let lang = use_page_lang();
    let must_accept = t.must_accept();
    let (current, version, published) = (t.current, t.version, t.published_at);
    let mine = t
        .accepted
        .iter()
        .find(|(v, _)| *v == version)
        .map(|(_, at)| *at);
    view! {
        <article class="card">
            <h1>{tr!(pages.terms_title)}</h1>
            <p class="muted">
                {tr!(pages.version)}" "{version}" · "{tr!(pages.published)}" "
                {move || lang.get().date(published.date())}
                {(version != current).then(|| view! {
                    " · "<strong>{tr!(pages.not_current)}</strong>" "
                    <a href=move || terms_path(lang)>{tr!(pages.see_current)}</a>
                })}
            </p>
            {mine.map(|at| view! {
                <p class="notice info">{tr!(pages.you_accepted)}" "{move || lang.get().stamp(at)}</p>
            })}
            {must_accept.then(|| view! { <AcceptForm current/> })}
            {t.blocks.into_iter().map(|b| match b {
                Block::Heading(h) => view! { <h2>{h}</h2> }.into_any(),
                Block::Para(p) => view! { <p>{p}</p> }.into_any(),
            }).collect_view()}
            {must_accept.then(|| view! { <AcceptForm current/> })}
        </article>
        <section class="card">
            <h2>{tr!(pages.versions)}</h2>
            <div class="table-wrap" tabindex="0">
                <table class="data">
                    <thead><tr>
                        <th scope="col">{tr!(pages.version)}</th>
                        <th scope="col">{tr!(pages.published)}</th>
                        <th scope="col">{tr!(pages.changes)}</th>
                        {t.signed_in.then(|| view! { <th scope="col">{tr!(pages.your_acceptance)}</th> })}
                    </tr></thead>
                    <tbody>
                        {t.versions.into_iter().map(|(v, at, summary)| {
                            let yours = t.accepted.iter().find(|(a, _)| *a == v).map(|(_, at)| *at);
                            let signed_in = t.signed_in;
                            view! {
                                <tr>
                                    <td><a href=move || format!("{}?version={v}", terms_path(lang))>{v}</a></td>
                                    <td>{move || lang.get().date(at.date())}</td>
                                    <td>{summary}</td>
                                    {signed_in.then(|| view! {
                                        <td>{move || yours.map(|at| lang.get().stamp(at))}</td>
                                    })}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn AcceptForm(current: i32) -> impl IntoView {
    view! {
        <form class="accept-terms" method="post" action=AcceptTerms::PATH>
            <input type="hidden" name="version" value=current.to_string()/>
            <p>{tr!(pages.accept_hint)}</p>
            <button type="submit" class="button primary">{tr!(pages.accept)}" "{current}</button>
        </form>
    }
}

/// Staff publish a new version, in both languages at once.
#[component]
fn PublishTermsPage() -> impl IntoView {
    let posted = Posted::of(PublishTerms::PATH);
    let error = posted.error();
    let err = error.as_ref();
    let field = |name: &'static str,
                 label: ArcSignal<&'static str>,
                 rows: &'static str,
                 lang: &'static str| {
        let id = format!("terms-{name}");
        view! {
            <div class="field" lang=lang>
                <label for=id.clone()>{label}</label>
                <textarea id=id name=name rows=rows>{posted.value(name)}</textarea>
                {problem(err, name)}
            </div>
        }
    };
    view! {
        <Title text=tr!(pages.publish_title)/>
        <section class="narrow">
            <h1>{tr!(pages.publish_title)}</h1>
            <p class="lead">{tr!(pages.publish_intro)}</p>
            <form class="card" method="post" action=PublishTerms::PATH>
                {general(err)}
                {field("summary_fr", tr!(pages.summary_fr), "2", "fr")}
                {field("summary_en", tr!(pages.summary_en), "2", "en")}
                {field("body_fr", tr!(pages.body_fr), "16", "fr")}
                {field("body_en", tr!(pages.body_en), "16", "en")}
                <button type="submit" class="button primary">{tr!(pages.publish)}</button>
            </form>
        </section>
    }
}
