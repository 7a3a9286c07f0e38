-- Two things the help centre's answers already point at:
--
-- The contact page: a message from anyone (signed in or not) lands in the
-- staff inbox; staff answer by email through the outbox, and each answer
-- is kept with who wrote it.
--
-- The terms of use (CGU/CGV): numbered versions in both languages. Every
-- person accepts the current one at sign-up, and again when staff publish
-- a new one; each acceptance keeps its date. Version 1 is below.

CREATE TABLE contact_messages (
    id           BIGSERIAL PRIMARY KEY,
    -- The account that wrote, if signed in (the name and address below are
    -- a copy, so the message still reads if the account goes).
    user_id      BIGINT REFERENCES users (id) ON DELETE SET NULL,
    name         TEXT NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    email        TEXT NOT NULL CHECK (char_length(email) <= 254),
    topic        TEXT NOT NULL CHECK (topic IN ('account', 'project', 'payment', 'report', 'other')),
    body         TEXT NOT NULL CHECK (char_length(body) BETWEEN 1 AND 5000),
    -- The language the message was written in: the reply goes out in it.
    lang         TEXT NOT NULL CHECK (lang IN ('fr', 'en')),
    created_at   TIMESTAMPTZ NOT NULL,
    answered_at  TIMESTAMPTZ
);
CREATE INDEX contact_messages_waiting ON contact_messages (created_at) WHERE answered_at IS NULL;

CREATE TABLE contact_replies (
    id          BIGSERIAL PRIMARY KEY,
    message_id  BIGINT NOT NULL REFERENCES contact_messages (id),
    staff_id    BIGINT REFERENCES users (id) ON DELETE SET NULL,
    body        TEXT NOT NULL CHECK (char_length(body) BETWEEN 1 AND 10000),
    email_id    BIGINT NOT NULL REFERENCES emails (id),
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX contact_replies_message ON contact_replies (message_id);

CREATE TABLE terms_versions (
    version       INT PRIMARY KEY CHECK (version > 0),
    summary_fr    TEXT NOT NULL,
    summary_en    TEXT NOT NULL,
    body_fr       TEXT NOT NULL,
    body_en       TEXT NOT NULL,
    published_by  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    published_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE terms_acceptances (
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    version      INT NOT NULL REFERENCES terms_versions (version),
    accepted_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, version)
);

INSERT INTO terms_versions (version, summary_fr, summary_en, body_fr, body_en) VALUES (
    1,
    $fr$Première version.$fr$,
    $en$First version.$en$,
    $fr$## 1. Objet
Ces conditions générales d’utilisation et de vente régissent l’usage de la plateforme Marketplace, qui met en relation des clients (donneurs d’ordres) qui publient des projets et des prestataires qui y répondent, et, pour la formule risque 0, le passage de l’argent du projet par un compte de séquestre.

## 2. Éditeur
La plateforme est éditée par Marketplace SAS. Sa raison sociale complète, son adresse, son numéro d’immatriculation et le nom du directeur de la publication sont indiqués par l’exploitant avant la mise en service, dans une nouvelle version de ces conditions. Pour nous écrire : la page de contact.

## 3. Comptes
La plateforme s’adresse aux professionnels : entreprises, indépendants et associations agissant pour leur activité. Chaque compte appartient à une personne, qui garde son mot de passe secret et répond de ce qui est fait depuis son compte. Les informations données (nom, adresse e-mail, téléphone, services, régions) doivent être exactes.

## 4. Projets
Un projet publié par un client est vérifié par notre équipe avant d’être proposé aux prestataires. Nous pouvons refuser ou retirer un projet qui n’est pas sérieux, incomplet ou contraire à la loi. Le client annule son projet depuis son compte quand il n’est plus d’actualité.

## 5. Crédits et leads
Les crédits s’achètent à l’avance et se consomment projet par projet : un crédit de consultation, d’offre ou de contact direct au plus par projet et par prestataire. Les leads sont débités du compte prépayé du prestataire au prix affiché, dans la limite du nombre d’acheteurs indiqué. Un acheteur qui n’a pas pu présenter ses services pour une raison indépendante de sa volonté peut faire une demande de crédit, une par achat ; notre équipe l’accepte ou la refuse en donnant sa raison.

## 6. Accord et commission de mise en relation
Le client sélectionne un prestataire et propose l’accord final ; la confirmation du prestataire vaut signature électronique et démarre le projet. Une commission de mise en relation, calculée sur le montant convenu au taux affiché dans le formulaire, est due dès cette confirmation, par le client sauf accord contraire signé par le prestataire. Elle est payable sous 14 jours. Si les parties révisent le montant à la baisse, la commission est recalculée et la différence créditée.

## 7. Formule de base
En formule de base, la plateforme se limite à la mise en relation : le déroulement du projet et son paiement se règlent directement entre le client et le prestataire, sous leur seule responsabilité.

## 8. Formule risque 0 et séquestre
En formule risque 0, le client paie en plus des frais de risque 0 et dépose l’argent du projet sur un compte de séquestre, en totalité ou tranche par tranche. Le prestataire ne travaille que sur la partie dont le montant est déposé. Le client libère une tranche quand il accepte le livrable ; l’argent libéré est versé au prestataire sur présentation de sa facture. L’argent déposé ne revient au client qu’avec l’accord du prestataire ou par arbitrage. Avant de proposer un accord risque 0, le client recopie une phrase de confirmation montrant qu’il a lu ces règles.

## 9. Litiges
En formule risque 0, chaque partie peut déclarer un litige sur l’argent déposé et non libéré, qui est alors gelé. Notre service de médiation et d’arbitrage entend les deux parties et décide de libérer, de rembourser ou de partager cet argent. Sa décision ne porte que sur l’argent présent sur le séquestre : la plateforme ne paie jamais ce qui n’a pas été déposé.

## 10. Loyauté
Il est interdit de conclure hors de la plateforme un projet trouvé sur la plateforme pour éviter la commission. Un tel contournement peut entraîner la suspension du compte et le recouvrement de la commission due.

## 11. Données personnelles
Nous traitons les données nécessaires au service : compte, projets, offres, échanges, paiements. Les coordonnées d’un client ne sont communiquées qu’aux prestataires qui ont consommé un crédit de contact direct ou acheté le lead. Chacun peut supprimer son compte depuis sa page de compte ; les écritures comptables sont conservées de façon anonyme, comme la loi l’impose.

## 12. Modification des conditions
Chaque version de ces conditions porte un numéro et une date de publication. Quand une nouvelle version est publiée, elle est présentée à chacun à sa prochaine visite et doit être acceptée ; la date de chaque acceptation est conservée et consultable sur cette page.

## 13. Droit applicable
Ces conditions sont soumises au droit français. À défaut d’accord amiable, tout différend entre professionnels relève des tribunaux du siège de l’éditeur.$fr$,
    $en$## 1. Purpose
These terms of use and sale govern the use of the Marketplace platform, which connects clients who post projects with providers who answer them, and, under the zero-risk formula, passes the project's money through an escrow account.

## 2. Publisher
The platform is published by Marketplace SAS. Its full company name, address, registration number and the name of the publishing director are stated by the operator before going live, in a new version of these terms. To write to us: the contact page.

## 3. Accounts
The platform serves professionals: businesses, freelancers and associations acting for their work. Each account belongs to one person, who keeps their password secret and answers for what is done from their account. The details given (name, email address, phone, services, regions) must be accurate.

## 4. Projects
A project a client posts is checked by our staff before providers are offered it. We may refuse or withdraw a project that is not serious, incomplete or unlawful. The client cancels their project from their account once it is no longer current.

## 5. Credits and leads
Credits are bought in advance and spent project by project: at most one consultation, offer or direct-contact credit per project and provider. Leads are debited from the provider's prepaid account at the price shown, up to the number of buyers stated. A buyer who could not present their services for reasons beyond their control may file a credit request, one per purchase; our staff accept or refuse it, giving their reason.

## 6. Agreement and connection commission
The client selects a provider and proposes the final agreement; the provider's confirmation is their electronic signature and starts the project. A connection commission, computed on the agreed amount at the rate shown in the form, is due from that confirmation, paid by the client unless the provider signed otherwise. It is payable within 14 days. If the parties revise the amount down, the commission is recomputed and the difference credited.

## 7. Basic formula
Under the basic formula, the platform only makes the connection: the project's course and its payment are settled directly between the client and the provider, under their sole responsibility.

## 8. Zero-risk formula and escrow
Under the zero-risk formula, the client also pays a zero-risk fee and deposits the project's money in an escrow account, in full or tranche by tranche. The provider only works on the part whose amount is deposited. The client releases a tranche when they accept the deliverable; released money is paid to the provider on presentation of their invoice. Deposited money only goes back to the client with the provider's consent or by arbitration. Before proposing a zero-risk agreement, the client types a confirmation phrase showing they read these rules.

## 9. Disputes
Under the zero-risk formula, either party may declare a dispute on money deposited and not released, which is then frozen. Our mediation and arbitration service hears both parties and decides to release, refund or split that money. Its decision only covers the money in escrow: the platform never pays what was not deposited.

## 10. Fair dealing
Closing outside the platform a project found on the platform to avoid the commission is forbidden. Such a bypass may lead to the account's suspension and the recovery of the commission due.

## 11. Personal data
We process the data the service needs: account, projects, offers, exchanges, payments. A client's contact details are only given to providers who spent a direct-contact credit or bought the lead. Anyone can delete their account from their account page; accounting entries are kept anonymously, as the law requires.

## 12. Changes to these terms
Each version of these terms has a number and a publication date. When a new version is published, it is shown to everyone on their next visit and must be accepted; the date of each acceptance is kept and can be seen on this page.

## 13. Governing law
These terms are governed by French law. Failing an amicable settlement, any dispute between professionals falls under the courts of the publisher's seat.$en$
);
