//! The help centre: `/aide` (`/help` in English) lists every question by
//! section and searches them (a plain GET form: it works without the
//! wasm); `/aide/<question>` answers one; `/staff/aide` lets staff edit
//! answers and add questions, each save a new version.

use super::common::{ErrorNotice, Loading, Posted};
use super::lang::{use_page_lang, PageLang};
use crate::api::help::{help_editor, read_help_article, read_help_index, search_help, SaveHelp};
use crate::domain::help::{paragraphs, HelpForm, Section};
use crate::tr;
use crate::views::help::{HelpArticle, HelpEdit, HelpEntry};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};
use server_fn::ServerFn;

/// Every help page, one lazy route (one wasm chunk).
#[component]
pub fn HelpRoute() -> impl IntoView {
    let path = use_location().pathname.get_untracked();
    let slug = use_params_map().get_untracked().get("slug");
    match (path.starts_with("/staff/"), slug) {
        (true, Some(slug)) => view! { <HelpEditorPage slug/> }.into_any(),
        (true, None) => view! { <StaffHelpPage/> }.into_any(),
        (false, Some(slug)) => view! { <ArticlePage slug/> }.into_any(),
        (false, None) => view! { <HelpHomePage/> }.into_any(),
    }
}

/// The help centre's address in the page's language: `/aide` or `/help`.
fn base(lang: PageLang) -> &'static str {
    match lang.get() {
        crate::domain::locale::Lang::Fr => "/aide",
        crate::domain::locale::Lang::En => "/help",
    }
}

fn section_title(section: Section) -> ArcSignal<&'static str> {
    match section {
        Section::Clients => tr!(help.section.clients),
        Section::Providers => tr!(help.section.providers),
        Section::Credits => tr!(help.section.credits),
        Section::Payments => tr!(help.section.payments),
        Section::Account => tr!(help.section.account),
    }
}

#[component]
fn HelpHomePage() -> impl IntoView {
    let lang = use_page_lang();
    let q = use_query_map().get_untracked().get("q").unwrap_or_default();
    let searching = !q.trim().is_empty();
    view! {
        <Title text=tr!(help.title)/>
        <section class="help">
            <h1>{tr!(help.title)}</h1>
            <p class="lead">{tr!(help.intro)}</p>
            <form class="help-search" method="get" action=move || base(lang) role="search">
                <label for="help-q">{tr!(help.search_label)}</label>
                <div class="inline-form">
                    <input id="help-q" name="q" type="search" maxlength="200" value=q.clone()/>
                    <button type="submit" class="button primary">{tr!(help.search)}</button>
                </div>
            </form>
            {if searching {
                view! { <Results q/> }.into_any()
            } else {
                view! { <Sections/> }.into_any()
            }}
        </section>
    }
}

#[component]
fn Results(q: String) -> impl IntoView {
    let lang = use_page_lang();
    let found = Resource::new(
        move || (lang.get(), q.clone()),
        |(lang, q)| search_help(lang, q),
    );
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            {move || found.get().map(|r| match r {
                Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                Ok(hits) if hits.is_empty() => view! {
                    <div class="empty">
                        <p>{tr!(help.no_result)}</p>
                        <p><a href=move || base(lang)>{tr!(help.all_questions)}</a></p>
                    </div>
                }.into_any(),
                Ok(hits) => view! {
                    <h2>{tr!(help.results)}</h2>
                    <ul class="help-results">
                        {hits.into_iter().map(|h| view! { <Hit hit=h/> }).collect_view()}
                    </ul>
                    <p><a href=move || base(lang)>{tr!(help.all_questions)}</a></p>
                }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn Hit(hit: HelpEntry) -> impl IntoView {
    let lang = use_page_lang();
    let href = move || format!("{}/{}", base(lang), hit.slug);
    view! {
        <li>
            <a href=href>{hit.question}</a>
            <p class="muted small">{section_title(hit.section)}" · "{hit.excerpt}</p>
        </li>
    }
}

#[component]
fn Sections() -> impl IntoView {
    let lang = use_page_lang();
    let index = Resource::new(move || lang.get(), read_help_index);
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            {move || index.get().map(|r| match r {
                Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                Ok(index) => index.sections.into_iter().map(|(section, entries)| {
                    let id = format!("section-{}", section.slug());
                    let labelled = id.clone();
                    view! {
                        <section class="help-section" aria-labelledby=labelled>
                            <h2 id=id>{section_title(section)}</h2>
                            <ul>
                                {entries.into_iter().map(|e| {
                                    let href = move || format!("{}/{}", base(lang), e.slug);
                                    view! { <li><a href=href>{e.question}</a></li> }
                                }).collect_view()}
                            </ul>
                        </section>
                    }
                }).collect_view().into_any(),
            })}
        </Transition>
    }
}

#[component]
fn ArticlePage(slug: String) -> impl IntoView {
    let lang = use_page_lang();
    let article = Resource::new(
        move || (lang.get(), slug.clone()),
        |(lang, slug)| read_help_article(lang, slug),
    );
    view! {
        <section class="help narrow">
            <p class="muted"><a href=move || base(lang)>{tr!(help.back)}</a></p>
            <Transition fallback=|| view! { <Loading/> }>
                {move || article.get().map(|r| match r {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(a) => view! { <Article a/> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Article(a: HelpArticle) -> impl IntoView {
    let lang = use_page_lang();
    let updated = a.updated_at;
    let question = a.question.clone();
    let link = (!a.link.is_empty()).then(|| {
        let href = a.link.clone();
        view! { <p><A href=href attr:class="button primary">{tr!(help.go_there)}</A></p> }
    });
    view! {
        <Title text=question.clone()/>
        <article class="card help-article">
            <p class="muted small">{section_title(a.section)}</p>
            <h1>{question}</h1>
            {paragraphs(&a.answer).into_iter().map(|p| view! { <p>{p.to_owned()}</p> }).collect_view()}
            {link}
            <p class="muted small">{tr!(help.updated)}" "{move || lang.get().date(updated)}</p>
        </article>
    }
}

/// Staff's list: every question with its edit link, and a new one.
#[component]
fn StaffHelpPage() -> impl IntoView {
    let lang = use_page_lang();
    let index = Resource::new(move || lang.get(), read_help_index);
    view! {
        <Title text=tr!(help.staff_title)/>
        <section class="help">
            <h1>{tr!(help.staff_title)}</h1>
            <p><A href="/staff/aide/new" attr:class="button primary">{tr!(help.new_question)}</A></p>
            <Transition fallback=|| view! { <Loading/> }>
                {move || index.get().map(|r| match r {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(index) => index.sections.into_iter().map(|(section, entries)| view! {
                        <h2>{section_title(section)}</h2>
                        <ul>
                            {entries.into_iter().map(|e| view! {
                                <li><A href=format!("/staff/aide/{}", e.slug)>{e.question}</A></li>
                            }).collect_view()}
                        </ul>
                    }).collect_view().into_any(),
                })}
            </Transition>
        </section>
    }
}

/// One article's editor (`new` for a new question). Posts natively: the
/// server sends the page back with what was saved, or the form with its
/// errors and what was typed.
#[component]
fn HelpEditorPage(slug: String) -> impl IntoView {
    let posted = Posted::of(SaveHelp::PATH);
    let new = slug == "new";
    let data = Resource::new(
        move || slug.clone(),
        move |slug| async move {
            if new {
                Ok(None)
            } else {
                help_editor(slug).await.map(Some)
            }
        },
    );
    let saved = use_query_map().get_untracked().get("saved");
    view! {
        <Title text=tr!(help.staff_title)/>
        <section class="help">
            <p class="muted"><A href="/staff/aide">{tr!(help.staff_title)}</A></p>
            {saved.map(|n| view! {
                <div class="notice success" role="status">
                    <p>{if n == "0" { tr!(help.saved_nothing) } else { tr!(help.saved) }}</p>
                </div>
            })}
            <Transition fallback=|| view! { <Loading/> }>
                {move || {
                    let posted = posted.clone();
                    data.get().map(move |r| match r {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(edit) => view! { <Editor edit posted/> }.into_any(),
                    })
                }}
            </Transition>
        </section>
    }
}

/// The form: what was posted if it came back, else the newest text.
#[component]
fn Editor(edit: Option<HelpEdit>, posted: Posted) -> impl IntoView {
    let error = posted.error();
    let saved = edit.as_ref().map(|e| e.form.clone()).unwrap_or_default();
    let value = |field: &str, stored: &str| {
        if error.is_some() {
            posted.value(field)
        } else {
            stored.to_owned()
        }
    };
    let f = HelpForm {
        slug: value("slug", &saved.slug),
        section: value("section", &saved.section),
        link: value("link", &saved.link),
        fr_question: value("fr_question", &saved.fr_question),
        fr_answer: value("fr_answer", &saved.fr_answer),
        en_question: value("en_question", &saved.en_question),
        en_answer: value("en_answer", &saved.en_answer),
    };
    let message = |field: &str| super::lang::message_for(error.as_ref(), field);
    let problem = |field: &str| message(field).map(|m| view! { <p class="field-error">{m}</p> });
    let general = error
        .as_ref()
        .filter(|e| !matches!(e, crate::error::AppError::Invalid(_)))
        .cloned()
        .map(|e| view! { <ErrorNotice error=e/> });
    let existing = edit.is_some();
    let versions = edit.map(|e| e.versions).unwrap_or_default();
    view! {
        <form class="card" method="post" action=SaveHelp::PATH>
            <h1>{if existing { tr!(help.edit_title) } else { tr!(help.new_question) }}</h1>
            {general}
            <div class="field-row">
                <div class="field">
                    <label for="help-slug">{tr!(help.slug)}</label>
                    <input id="help-slug" name="slug" value=f.slug.clone() readonly=existing/>
                    {problem("slug")}
                </div>
                <div class="field">
                    <label for="help-section">{tr!(help.section_label)}</label>
                    <select id="help-section" name="section">
                        {Section::ALL.into_iter().map(|s| view! {
                            <option value=s.slug() selected={f.section == s.slug()}>{section_title(s)}</option>
                        }).collect_view()}
                    </select>
                    {problem("section")}
                </div>
                <div class="field">
                    <label for="help-link">{tr!(help.link)}</label>
                    <input id="help-link" name="link" value=f.link.clone()/>
                    {problem("link")}
                </div>
            </div>
            <fieldset lang="fr">
                <legend>"Français"</legend>
                <TextPair lang_code="fr" question=f.fr_question.clone() answer=f.fr_answer.clone()
                    question_problem=message("fr_question") answer_problem=message("fr_answer")/>
            </fieldset>
            <fieldset lang="en">
                <legend>"English"</legend>
                <TextPair lang_code="en" question=f.en_question.clone() answer=f.en_answer.clone()
                    question_problem=message("en_question") answer_problem=message("en_answer")/>
            </fieldset>
            <button type="submit" class="button primary">{tr!(help.save)}</button>
        </form>
        <Versions versions/>
    }
}

#[component]
fn TextPair(
    lang_code: &'static str,
    question: String,
    answer: String,
    question_problem: Option<String>,
    answer_problem: Option<String>,
) -> impl IntoView {
    let q_id = format!("help-{lang_code}-question");
    let a_id = format!("help-{lang_code}-answer");
    view! {
        <div class="field">
            <label for=q_id.clone()>{tr!(help.question)}</label>
            <input id=q_id name=format!("{lang_code}_question") lang=lang_code maxlength="300" value=question/>
            {question_problem.map(|m| view! { <p class="field-error">{m}</p> })}
        </div>
        <div class="field">
            <label for=a_id.clone()>{tr!(help.answer)}</label>
            <p class="hint">{tr!(help.answer_hint)}</p>
            <textarea id=a_id name=format!("{lang_code}_answer") lang=lang_code rows="10" maxlength="6000">{answer}</textarea>
            {answer_problem.map(|m| view! { <p class="field-error">{m}</p> })}
        </div>
    }
}

/// Every saved version, newest first.
#[component]
fn Versions(versions: Vec<crate::views::help::HelpVersion>) -> impl IntoView {
    let lang = use_page_lang();
    (!versions.is_empty()).then(|| view! {
        <section class="card">
            <h2>{tr!(help.history)}</h2>
            <table class="table">
                <thead><tr>
                    <th scope="col">{tr!(help.version)}</th>
                    <th scope="col">{tr!(help.question)}</th>
                    <th scope="col">{tr!(help.by)}</th>
                    <th scope="col">{tr!(help.when)}</th>
                </tr></thead>
                <tbody>
                    {versions.into_iter().map(|v| {
                        let at = v.saved_at;
                        let by = v.edited_by.clone();
                        view! {
                            <tr>
                                <td>{format!("{} {}", v.lang.code(), v.version)}</td>
                                <td lang=v.lang.code()>{v.question}</td>
                                <td>{match by { Some(name) => name.into_any(), None => tr!(help.by_product).into_any() }}</td>
                                <td>{move || lang.get().stamp(at)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    })
}
