//! One project's page: its public summary and how fresh it is.

use super::common::{ClientOnly, ErrorNotice, Loading, StatusBadge};
use crate::api::projects::project;
use crate::domain::account::Role;
use crate::domain::panels::{panels, Shown, Viewer};
use crate::views::projects::ProjectView;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ProjectPage() -> impl IntoView {
    let params = use_params_map();
    let auth = expect_context::<super::session::Auth>();
    let data = Resource::new(move || params.read().get("id").unwrap_or_default(), project);
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                let role = auth.user.await.ok().flatten().map(|u| u.role);
                match data.await {
                    Err(e) => view! {
                        <Title text="Project"/>
                        <section class="narrow"><h1>"Project"</h1><ErrorNotice error=e/></section>
                    }.into_any(),
                    Ok(p) => view! { <ProjectDetail project=p role/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ProjectDetail(project: ProjectView, role: Option<Role>) -> impl IntoView {
    let p = project;
    let show = panels(
        Viewer {
            role,
            owner: p.is_mine,
        },
        Shown {
            status: p.status,
            is_lead: p.is_lead,
        },
    );
    let is_staff = role == Some(Role::Staff);
    view! {
        <Title text=p.title.clone()/>
        <article class="project">
            <header class="page-head">
                <div>
                    <p class="muted">{format!("Project #{}", p.id)}</p>
                    <h1>{p.title.clone()}</h1>
                </div>
                <StatusBadge status=p.status/>
            </header>
            <div class="project-grid">
                <div class="main-col">
                <section class="card">
                    <h2>"Description"</h2>
                    <p class="description">{p.description.clone()}</p>
                    <h2>"Services"</h2>
                    <ul class="tags">
                        {p.services.iter().map(|s| view! { <li class="tag">{s.label()}</li> }).collect_view()}
                    </ul>
                    {show.offers.then(|| view! { <ClientOnly><super::offers::ClientOffers project_id=p.id/></ClientOnly> }.into_any())}
                    {p.rejection_reason.clone().map(|r| view! {
                        <div class="notice error"><p><strong>"Rejected by staff: "</strong>{r}</p></div>
                    })}
                </section>
                {show.agreement.then(|| view! { <ClientOnly><super::agreement::AgreementPanel project_id=p.id is_client=p.is_mine/></ClientOnly> }.into_any())}
                {show.money.then(|| view! {
                        <ClientOnly><super::escrow::EscrowPanel project_id=p.id/></ClientOnly>
                        <ClientOnly><super::fees::FeesPanel project_id=p.id/></ClientOnly>
                        <ClientOnly><super::completion::CompletionPanel project_id=p.id/></ClientOnly>
                    }.into_any())}
                {show.files.then(|| view! { <ClientOnly><super::files::FilesPanel project_id=p.id
                    awaiting_validation=show.files_after_validation/></ClientOnly> }.into_any())}
                {show.thread.then(|| view! { <ClientOnly><super::threads::ThreadPanel project_id=p.id/></ClientOnly> }.into_any())}
                </div>
                <aside>
                <div class="card">
                    <h2>"Summary"</h2>
                    <dl class="facts">
                        <div><dt>"Budget"</dt><dd class="num">{format!("{} – {}", p.budget_min.display(), p.budget_max.display())}</dd></div>
                        <div><dt>"Region"</dt><dd>{p.region.label()}</dd></div>
                        <div><dt>"Desired start"</dt><dd>{p.desired_start.clone()}</dd></div>
                        {p.client_name.clone().map(|n| view! { <div><dt>"Client"</dt><dd>{n}</dd></div> })}
                    </dl>
                    <h2>"Freshness"</h2>
                    <dl class="facts">
                        <div><dt>"Published"</dt><dd>{p.published_age.clone().unwrap_or_else(|| "not yet".into())}</dd></div>
                        <div><dt>"Posted"</dt><dd>{p.posted_age.clone()}</dd></div>
                        <div><dt>"Client last active"</dt><dd>{p.client_active_age.clone()}</dd></div>
                        <div><dt>"Last staff follow-up"</dt><dd>{p.last_review_age.clone().unwrap_or_else(|| "none yet".into())}</dd></div>
                    </dl>
                </div>
                {show.unlock.then(|| view! { <ClientOnly><super::credits::UnlockPanel project_id=p.id/></ClientOnly> }.into_any())}
                {show.notes.then(|| view! {
                    <ClientOnly><super::notes::NotesPanel project_id=p.id staff=is_staff/></ClientOnly>
                })}
                {show.lead_notice.then(|| view! {
                    <div class="card">
                        <h2>"Referral lead"</h2>
                        <p>"This project is sold as a referral lead, not unlocked with credits."</p>
                        <p><A href="/leads">"See it in your Leads tab"</A></p>
                    </div>
                })}
                </aside>
            </div>
        </article>
    }
}
