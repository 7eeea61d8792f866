<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
<context>
    <name>AccountDialog</name>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="84"/>
        <location filename="../../ui/dialogs/account_dialog.py" line="499"/>
        <source>Edit account</source>
        <translation>Modifier le compte d’envoi</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="84"/>
        <source>New account</source>
        <translation>Nouveau compte d’envoi</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="97"/>
        <source>Test connection</source>
        <translation>Tester la connexion</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="100"/>
        <source>Saves the account, then connects and signs in. Nothing is sent.</source>
        <translation>Enregistre le compte, puis se connecte et s’identifie. Rien n’est envoyé.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="145"/>
        <source>Name:</source>
        <translation>Nom :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="149"/>
        <source>SMTP server</source>
        <translation>Serveur SMTP</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="158"/>
        <source>Kind:</source>
        <translation>Type :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="160"/>
        <source>Name &lt;address@example.fr&gt;</source>
        <translation>Nom &lt;adresse@exemple.fr&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="161"/>
        <source>From:</source>
        <translation>Expéditeur :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="163"/>
        <source>Optional</source>
        <translation>Facultatif</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="164"/>
        <source>Reply-To:</source>
        <translation>Répondre à :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="168"/>
        <source>smtp.example.fr</source>
        <translation>smtp.exemple.fr</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="169"/>
        <source>Server:</source>
        <translation>Serveur :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="173"/>
        <source>Default</source>
        <translation>Par défaut</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="174"/>
        <source>Port:</source>
        <translation>Port :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="177"/>
        <source>STARTTLS</source>
        <translation>STARTTLS</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="178"/>
        <source>SSL/TLS</source>
        <translation>SSL/TLS</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="179"/>
        <source>None (unencrypted)</source>
        <translation>Aucune (non chiffrée)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="180"/>
        <source>Security:</source>
        <translation>Sécurité :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="182"/>
        <location filename="../../ui/dialogs/account_dialog.py" line="311"/>
        <source>User name:</source>
        <translation>Nom d’utilisateur :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="185"/>
        <location filename="../../ui/dialogs/account_dialog.py" line="314"/>
        <source>Password:</source>
        <translation>Mot de passe :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="187"/>
        <source>Allow sending the password without encryption</source>
        <translation>Autoriser l’envoi du mot de passe sans chiffrement</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="194"/>
        <source>The From address&apos;s domain</source>
        <translation>Domaine de l’adresse d’expéditeur</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="195"/>
        <source>Domain:</source>
        <translation>Domaine :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="198"/>
        <source>Region:</source>
        <translation>Région :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="201"/>
        <source>Message stream:</source>
        <translation>Flux de messages :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="206"/>
        <source>Advanced</source>
        <translation>Options avancées</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="214"/>
        <source>The provider&apos;s</source>
        <translation>Celle du fournisseur</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="215"/>
        <source>API address:</source>
        <translation>Adresse de l’API :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="217"/>
        <source>The system&apos;s certificates</source>
        <translation>Certificats du système</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="218"/>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="225"/>
        <source>CA certificate:</source>
        <translation>Certificat CA :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="228"/>
        <source>Sending pace</source>
        <translation>Cadence d’envoi</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="230"/>
        <source>No limit</source>
        <translation>Sans limite</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="236"/>
        <source>Per second:</source>
        <translation>Par seconde :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="241"/>
        <source>Per hour:</source>
        <translation>Par heure :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="246"/>
        <source>Per day:</source>
        <translation>Par jour :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="251"/>
        <source>Connections used at the same time.</source>
        <translation>Nombre de connexions utilisées en même temps.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="252"/>
        <source>Connections:</source>
        <translation>Connexions :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="257"/>
        <source>After a crash, a message whose sending was interrupted may or may not have left.</source>
        <translation>Après un arrêt brutal, un message dont l’envoi a été interrompu est peut-être parti, peut-être pas.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="261"/>
        <source>Interrupted campaign mail:</source>
        <translation>Messages de campagne interrompus :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="262"/>
        <source>Interrupted transactional mail:</source>
        <translation>Messages transactionnels interrompus :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="266"/>
        <source>Tracking</source>
        <translation>Suivi</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="268"/>
        <source>Require tracking consent (CNIL)</source>
        <translation>Exiger le consentement au suivi (CNIL)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="273"/>
        <source>Contacts who have not agreed to tracking get no open pixel and no personal links in mail from this account. The CNIL expects this consent in France.</source>
        <translation>Les contacts qui n’ont pas accepté le suivi ne reçoivent ni pixel d’ouverture ni liens personnalisés dans les e-mails de ce compte. La CNIL demande ce consentement en France.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="286"/>
        <source>Hold for review</source>
        <translation>Garder à vérifier</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="287"/>
        <source>Send again</source>
        <translation>Renvoyer</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="311"/>
        <source>Access key ID:</source>
        <translation>ID de clé d’accès :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="315"/>
        <source>Secret access key:</source>
        <translation>Clé d’accès secrète :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="316"/>
        <source>API key:</source>
        <translation>Clé d’API :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="343"/>
        <source>United States</source>
        <translation>États-Unis</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="344"/>
        <source>Europe</source>
        <translation>Europe</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="386"/>
        <source>CA certificate</source>
        <translation>Certificat CA</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="388"/>
        <source>Certificates (*.pem *.crt);;All files (*)</source>
        <translation>Certificats (*.pem *.crt);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="432"/>
        <source>unchanged</source>
        <translation>inchangé</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="432"/>
        <source>none stored</source>
        <translation>aucun enregistré</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="533"/>
        <source>Testing…</source>
        <translation>Test en cours…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="557"/>
        <source>Connection works: {message}</source>
        <translation>La connexion fonctionne : {message}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialog.py" line="557"/>
        <source>Failed: {message}</source>
        <translation>Échec : {message}</translation>
    </message>
</context>
<context>
    <name>AccountPage</name>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="577"/>
        <source>Sending account</source>
        <translation>Compte d’envoi</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="578"/>
        <source>Choose the account that sends the campaign.</source>
        <translation>Choisissez le compte qui envoie la campagne.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="581"/>
        <source>There is no sending account yet: add one in Settings, Accounts tab, first.</source>
        <translation>Aucun compte d’envoi pour l’instant : ajoutez-en d’abord un dans Paramètres, onglet Comptes d’envoi.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="590"/>
        <source>{name} — {sender}</source>
        <translation>{name} — {sender}</translation>
    </message>
</context>
<context>
    <name>AccountsModel</name>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="321"/>
        <source>SMTP server</source>
        <translation>Serveur SMTP</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="341"/>
        <source>Stored</source>
        <translation>Enregistré</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="341"/>
        <source>None</source>
        <translation>Aucun</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="351"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="352"/>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="353"/>
        <source>From</source>
        <translation>Expéditeur</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="354"/>
        <source>Password or key</source>
        <translation>Mot de passe ou clé</translation>
    </message>
</context>
<context>
    <name>AccountsSection</name>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="384"/>
        <source>Add…</source>
        <translation>Ajouter…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="386"/>
        <source>Edit…</source>
        <translation>Modifier…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="388"/>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="433"/>
        <source>Passwords and API keys cannot be stored: {reason}</source>
        <translation>Impossible d’enregistrer les mots de passe et les clés d’API : {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="530"/>
        <source>Delete the account</source>
        <translation>Supprimer le compte d’envoi</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="531"/>
        <source>Delete the account “{name}” and its stored password or key?</source>
        <translation>Supprimer le compte « {name} » et le mot de passe ou la clé enregistrés ?</translation>
    </message>
</context>
<context>
    <name>ActionRow</name>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="186"/>
        <source>Send the template</source>
        <translation>Envoyer le modèle</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="187"/>
        <source>Enroll in the sequence</source>
        <translation>Inscrire à la séquence</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="188"/>
        <source>Add the tag</source>
        <translation>Ajouter l’étiquette</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="189"/>
        <source>Remove the tag</source>
        <translation>Retirer l’étiquette</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="190"/>
        <source>Add to the list</source>
        <translation>Ajouter à la liste</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="197"/>
        <source>through</source>
        <translation>via</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="211"/>
        <source>tag name</source>
        <translation>nom de l’étiquette</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="217"/>
        <source>Remove</source>
        <translation>Supprimer</translation>
    </message>
</context>
<context>
    <name>ActivityPage</name>
    <message>
        <location filename="../../ui/pages/activity_page.py" line="64"/>
        <source>Rule: {name}</source>
        <translation>Règle : {name}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/activity_page.py" line="66"/>
        <source>Sequence: {name} (step {step})</source>
        <translation>Séquence : {name} (étape {step})</translation>
    </message>
    <message>
        <location filename="../../ui/pages/activity_page.py" line="70"/>
        <source>Sequence: {name}</source>
        <translation>Séquence : {name}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/activity_page.py" line="102"/>
        <source>All campaigns</source>
        <translation>Toutes les campagnes</translation>
    </message>
    <message>
        <location filename="../../ui/pages/activity_page.py" line="105"/>
        <source>Any status</source>
        <translation>Tous les statuts</translation>
    </message>
    <message>
        <location filename="../../ui/pages/activity_page.py" line="110"/>
        <source>Search by email</source>
        <translation>Rechercher par e-mail</translation>
    </message>
    <message>
        <location filename="../../ui/pages/activity_page.py" line="136"/>
        <source>Retry</source>
        <translation>Renvoyer</translation>
    </message>
    <message>
        <location filename="../../ui/pages/activity_page.py" line="137"/>
        <source>Send the selected failed or in-doubt messages again</source>
        <translation>Renvoyer les messages sélectionnés en échec ou à vérifier</translation>
    </message>
    <message>
        <location filename="../../ui/pages/activity_page.py" line="139"/>
        <source>Retry all failed</source>
        <translation>Renvoyer tous les échecs</translation>
    </message>
    <message>
        <location filename="../../ui/pages/activity_page.py" line="142"/>
        <source>Send every failed message of the chosen campaign again</source>
        <translation>Renvoyer tous les messages en échec de la campagne choisie</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/activity_page.py" line="233"/>
        <source>%Ln message(s)</source>
        <translation>
            <numerusform>%Ln message</numerusform>
            <numerusform>%Ln messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/activity_page.py" line="341"/>
        <source>%Ln message(s) will be sent again.</source>
        <translation>
            <numerusform>%Ln message sera renvoyé.</numerusform>
            <numerusform>%Ln messages seront renvoyés.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/pages/activity_page.py" line="346"/>
        <source>No failed or in-doubt message to send again.</source>
        <translation>Aucun message en échec ou à vérifier à renvoyer.</translation>
    </message>
</context>
<context>
    <name>AudiencePage</name>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="449"/>
        <source>Audience</source>
        <translation>Destinataires</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="452"/>
        <source>Tick who receives the campaign, and who is left out even if they are in it. Unsubscribed and bounced contacts never receive it.</source>
        <translation>Cochez qui reçoit la campagne, et qui en est exclu même s’il fait partie des destinataires. Les contacts désabonnés ou rejetés ne la reçoivent jamais.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="460"/>
        <source>Send to</source>
        <translation>Envoyer à</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="462"/>
        <source>Except</source>
        <translation>Sauf</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="557"/>
        <source>Tick at least one list, tag or segment.</source>
        <translation>Cochez au moins une liste, une étiquette ou un segment.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="559"/>
        <source>Counting…</source>
        <translation>Calcul en cours…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/campaign_wizard.py" line="564"/>
        <source>%Ln recipient(s)</source>
        <translation>
            <numerusform>%Ln destinataire</numerusform>
            <numerusform>%Ln destinataires</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/campaign_wizard.py" line="567"/>
        <source>%Ln unsubscribed or bounced contact(s) excluded</source>
        <translation>
            <numerusform>%Ln contact désabonné ou rejeté exclu</numerusform>
            <numerusform>%Ln contacts désabonnés ou rejetés exclus</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AudienceSection</name>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="108"/>
        <source>New…</source>
        <translation>Créer…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="112"/>
        <source>Edit…</source>
        <translation>Modifier…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="114"/>
        <source>Rename…</source>
        <translation>Renommer…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="116"/>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
</context>
<context>
    <name>AudienceTree</name>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="380"/>
        <source>All contacts</source>
        <translation>Tous les contacts</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="382"/>
        <source>Lists</source>
        <translation>Listes</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="383"/>
        <source>Tags</source>
        <translation>Étiquettes</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="384"/>
        <source>Segments</source>
        <translation>Segments</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="393"/>
        <source>{0} ({1})</source>
        <translation>{0} ({1})</translation>
    </message>
</context>
<context>
    <name>AudiencesPage</name>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="171"/>
        <source>Lists</source>
        <translation>Listes</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="172"/>
        <source>Tags</source>
        <translation>Étiquettes</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="173"/>
        <source>Segments</source>
        <translation>Segments</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="256"/>
        <source>New list</source>
        <translation>Nouvelle liste</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="257"/>
        <source>Rename the list</source>
        <translation>Renommer la liste</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="258"/>
        <source>Delete the list</source>
        <translation>Supprimer la liste</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="261"/>
        <source>New tag</source>
        <translation>Nouvelle étiquette</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="262"/>
        <source>Rename the tag</source>
        <translation>Renommer l’étiquette</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="263"/>
        <source>Delete the tag</source>
        <translation>Supprimer l’étiquette</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="266"/>
        <source>New segment</source>
        <translation>Nouveau segment</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="267"/>
        <source>Rename the segment</source>
        <translation>Renommer le segment</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="268"/>
        <source>Delete the segment</source>
        <translation>Supprimer le segment</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="307"/>
        <source>Name of the new list:</source>
        <translation>Nom de la nouvelle liste :</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="307"/>
        <source>Name of the new tag:</source>
        <translation>Nom de la nouvelle étiquette :</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="320"/>
        <source>New name:</source>
        <translation>Nouveau nom :</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="345"/>
        <source>These segments still use the deleted list “{0}” and no longer match its former members: {1}. Edit them on the Segments tab.</source>
        <translation>Ces segments utilisent encore la liste supprimée « {0} » : {1}. Ils ne correspondent plus à ses anciens membres ; modifiez-les dans l’onglet Segments.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="349"/>
        <source>These segments still use the deleted tag “{0}” and no longer match its former contacts: {1}. Edit them on the Segments tab.</source>
        <translation>Ces segments utilisent encore l’étiquette supprimée « {0} » : {1}. Ils ne correspondent plus aux contacts qui l’avaient ; modifiez-les dans l’onglet Segments.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="355"/>
        <source>Segments to review</source>
        <translation>Segments à vérifier</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="361"/>
        <source>Delete the segment “{0}”? Its contacts are not affected.</source>
        <translation>Supprimer le segment « {0} » ? Ses contacts ne sont pas modifiés.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="365"/>
        <source>Delete the list “{0}”? It has no contacts.</source>
        <translation>Supprimer la liste « {0} » ? Elle ne contient aucun contact.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="367"/>
        <source>Delete the list “{0}”? Its contact is kept.</source>
        <translation>Supprimer la liste « {0} » ? Le contact qu’elle contient est conservé.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="368"/>
        <source>Delete the list “{0}”? Its {1} contacts are kept.</source>
        <translation>Supprimer la liste « {0} » ? Les {1} contacts qu’elle contient sont conservés.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="370"/>
        <source>Delete the tag “{0}”? No contact has it.</source>
        <translation>Supprimer l’étiquette « {0} » ? Aucun contact ne l’a.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="372"/>
        <source>Delete the tag “{0}”? The contact that has it is kept.</source>
        <translation>Supprimer l’étiquette « {0} » ? Le contact qui l’a est conservé.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="373"/>
        <source>Delete the tag “{0}”? The {1} contacts that have it are kept.</source>
        <translation>Supprimer l’étiquette « {0} » ? Les {1} contacts qui l’ont sont conservés.</translation>
    </message>
</context>
<context>
    <name>AutomationSection</name>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="118"/>
        <source>Scheduled sends</source>
        <translation>Envois programmés</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="123"/>
        <source>Start Facteur when I log in</source>
        <translation>Démarrer Facteur à l’ouverture de session</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="128"/>
        <source>Facteur then starts hidden in the system tray, so scheduled sends and sequences go out without opening it.</source>
        <translation>Facteur démarre alors réduit dans la zone de notification : les envois programmés et les séquences partent sans que vous ayez à l’ouvrir.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="138"/>
        <source>minutes</source>
        <translation>minutes</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="139"/>
        <source>hours</source>
        <translation>heures</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="148"/>
        <source>Later than that, a missed send is listed at the bottom of the window for you to send or dismiss. This applies to every computer using this database.</source>
        <translation>Au-delà, l’envoi manqué est affiché en bas de la fenêtre pour que vous l’envoyiez ou l’ignoriez. Ce réglage s’applique à tous les ordinateurs qui utilisent cette base de données.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="164"/>
        <source>Missed scheduled sends still go out if Facteur is back within:</source>
        <translation>Les envois programmés manqués partent quand même si Facteur est relancé dans un délai de :</translation>
    </message>
</context>
<context>
    <name>Automations</name>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="95"/>
        <source>When a contact is created</source>
        <translation>Quand un contact est créé</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="98"/>
        <source>When tag «{tag}» is added</source>
        <translation>Quand l’étiquette « {tag} » est ajoutée</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="99"/>
        <source>When any tag is added</source>
        <translation>Quand n’importe quelle étiquette est ajoutée</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="102"/>
        <source>When added to list «{list}»</source>
        <translation>Quand un contact est ajouté à la liste « {list} »</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="103"/>
        <source>When added to any list</source>
        <translation>Quand un contact est ajouté à n’importe quelle liste</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="105"/>
        <source>When a contact unsubscribes</source>
        <translation>Quand un contact se désabonne</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="107"/>
        <source>When a contact opens a mail</source>
        <translation>Quand un contact ouvre un e-mail</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="109"/>
        <source>When a contact clicks a link in a mail</source>
        <translation>Quand un contact clique sur un lien dans un e-mail</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="111"/>
        <source>When a contact signs up through a form</source>
        <translation>Quand un contact s’inscrit via un formulaire</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="113"/>
        <source>On the birthday (attribute {attribute}) at {hour}</source>
        <translation>Le jour de l’anniversaire (champ {attribute}), à {hour}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="122"/>
        <source>On the date in «{attribute}» at {hour}</source>
        <translation>À la date indiquée dans « {attribute} », à {hour}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="125"/>
        <source>{when}, every year</source>
        <translation>{when}, chaque année</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="127"/>
        <source>Custom event «{event}»</source>
        <translation>Événement personnalisé « {event} »</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="138"/>
        <source>Send «{template}»</source>
        <translation>Envoyer « {template} »</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="140"/>
        <source>Enroll in «{sequence}»</source>
        <translation>Inscrire à « {sequence} »</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="142"/>
        <source>Add tag «{tag}»</source>
        <translation>Ajouter l’étiquette « {tag} »</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="144"/>
        <source>Remove tag «{tag}»</source>
        <translation>Retirer l’étiquette « {tag} »</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="146"/>
        <source>Add to list «{list}»</source>
        <translation>Ajouter à la liste « {list} »</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="152"/>
        <source>, then </source>
        <translation>, puis </translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="159"/>
        <source>Any time</source>
        <translation>À tout moment</translation>
    </message>
</context>
<context>
    <name>AutomationsPage</name>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="873"/>
        <source>Rules</source>
        <translation>Règles</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="874"/>
        <source>Sequences</source>
        <translation>Séquences</translation>
    </message>
</context>
<context>
    <name>BulkAssignDialog</name>
    <message>
        <location filename="../../ui/dialogs/bulk_assign_dialog.py" line="57"/>
        <source>Tags</source>
        <translation>Étiquettes</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/bulk_assign_dialog.py" line="59"/>
        <source>Tags for the selected contact:</source>
        <translation>Étiquettes du contact sélectionné :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/bulk_assign_dialog.py" line="61"/>
        <source>Tags for {0} selected contacts:</source>
        <translation>Étiquettes des {0} contacts sélectionnés :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/bulk_assign_dialog.py" line="63"/>
        <source>Add these tags</source>
        <translation>Ajouter ces étiquettes</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/bulk_assign_dialog.py" line="63"/>
        <source>Remove these tags</source>
        <translation>Retirer ces étiquettes</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/bulk_assign_dialog.py" line="64"/>
        <source>Other tags, comma-separated (created if new)</source>
        <translation>Autres étiquettes, séparées par des virgules (créées si besoin)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/bulk_assign_dialog.py" line="66"/>
        <source>Lists</source>
        <translation>Listes</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/bulk_assign_dialog.py" line="68"/>
        <source>Lists for the selected contact:</source>
        <translation>Listes du contact sélectionné :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/bulk_assign_dialog.py" line="70"/>
        <source>Lists for {0} selected contacts:</source>
        <translation>Listes des {0} contacts sélectionnés :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/bulk_assign_dialog.py" line="73"/>
        <source>Add to these lists</source>
        <translation>Ajouter à ces listes</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/bulk_assign_dialog.py" line="74"/>
        <source>Remove from these lists</source>
        <translation>Retirer de ces listes</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/bulk_assign_dialog.py" line="76"/>
        <source>Other lists, comma-separated (created if new)</source>
        <translation>Autres listes, séparées par des virgules (créées si besoin)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/bulk_assign_dialog.py" line="110"/>
        <source>Apply</source>
        <translation>Appliquer</translation>
    </message>
</context>
<context>
    <name>CampaignReportDialog</name>
    <message>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="84"/>
        <source>Campaign report</source>
        <translation>Rapport de campagne</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="101"/>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="334"/>
        <source>Over time</source>
        <translation>Évolution</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="102"/>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="338"/>
        <source>Sends</source>
        <translation>Envois</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="103"/>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="341"/>
        <source>Links</source>
        <translation>Liens</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="108"/>
        <source>Export PDF…</source>
        <translation>Exporter en PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="111"/>
        <source>Export CSV…</source>
        <translation>Exporter en CSV…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="163"/>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="248"/>
        <source>Report on “{name}”</source>
        <translation>Rapport de la campagne « {name} »</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="181"/>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="325"/>
        <source>Template: {template} · Status: {status}</source>
        <translation>Modèle : {template} · Statut : {status}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="189"/>
        <source>From {first} to {last}</source>
        <translation>Du {first} au {last}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="213"/>
        <source>Export the report</source>
        <translation>Exporter le rapport</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="213"/>
        <source>PDF (*.pdf)</source>
        <translation>Fichier PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="223"/>
        <source>Export the figures</source>
        <translation>Exporter les chiffres</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="225"/>
        <source>CSV file (*.csv)</source>
        <translation>Fichier CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="264"/>
        <source>Exporting…</source>
        <translation>Export en cours…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="272"/>
        <source>Saved to {path}.</source>
        <translation>Fichier enregistré : {path}.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="281"/>
        <source>Could not write the file: {reason}</source>
        <translation>Impossible d’écrire le fichier : {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="330"/>
        <source>Report of {when}</source>
        <translation>Rapport établi le {when}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="332"/>
        <source>Figures</source>
        <translation>Chiffres</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="333"/>
        <source>Figure</source>
        <translation>Indicateur</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="333"/>
        <source>Number</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="333"/>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="346"/>
        <source>Days with activity</source>
        <translation>Jours avec activité</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="349"/>
        <source>Day</source>
        <translation>Jour</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="350"/>
        <source>Sent</source>
        <translation>Envoyés</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="351"/>
        <source>Unique opens</source>
        <translation>Ouvertures uniques</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="352"/>
        <source>Unique clicks</source>
        <translation>Clics uniques</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="353"/>
        <source>Bounced</source>
        <translation>Rebonds</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_report_dialog.py" line="354"/>
        <source>Unsubscribed</source>
        <translation>Désinscriptions</translation>
    </message>
</context>
<context>
    <name>CampaignRunsDialog</name>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="204"/>
        <source>History of “{name}”</source>
        <translation>Historique de « {name} »</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="217"/>
        <source>Nothing has been sent yet.</source>
        <translation>Rien n’a encore été envoyé.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="224"/>
        <source>Send now</source>
        <translation>Envoyer maintenant</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="226"/>
        <source>Send this occurrence now, to the audience of today.</source>
        <translation>Envoyer cette occurrence maintenant, aux destinataires du jour.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="228"/>
        <source>Dismiss</source>
        <translation>Ignorer</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="230"/>
        <source>Leave this occurrence unsent.</source>
        <translation>Ne pas envoyer cette occurrence.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="232"/>
        <source>Report…</source>
        <translation>Rapport…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="234"/>
        <source>The campaign&apos;s figures, to export as PDF or CSV.</source>
        <translation>Les chiffres de la campagne, à exporter en PDF ou en CSV.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="263"/>
        <source>Sent once, on {when}.</source>
        <translation>Envoi unique, le {when}.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="266"/>
        <source>Sent once.</source>
        <translation>Envoi unique.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="374"/>
        <source>Send the occurrence of {when} of “{name}” now? It goes to the audience of today.</source>
        <translation>Envoyer maintenant l’occurrence du {when} de « {name} » ? Elle partira aux destinataires du jour.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="376"/>
        <source>Send a missed occurrence</source>
        <translation>Envoyer une occurrence manquée</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="379"/>
        <source>Sending the occurrence of {when}…</source>
        <translation>Envoi de l’occurrence du {when}…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="388"/>
        <source>Leave the occurrence of {when} of “{name}” unsent? It stays in the history.</source>
        <translation>Ne pas envoyer l’occurrence du {when} de « {name} » ? Elle restera dans l’historique.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="390"/>
        <source>Dismiss a missed occurrence</source>
        <translation>Ignorer une occurrence manquée</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="396"/>
        <source>The occurrence of {when} was dismissed.</source>
        <translation>L’occurrence du {when} a été ignorée.</translation>
    </message>
</context>
<context>
    <name>CampaignStatus</name>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="84"/>
        <source>Draft</source>
        <translation>Brouillon</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="85"/>
        <source>Scheduled</source>
        <translation>Programmée</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="86"/>
        <source>Sending</source>
        <translation>Envoi en cours</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="87"/>
        <source>Paused</source>
        <translation>Mise en pause</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="88"/>
        <source>Done</source>
        <translation>Terminée</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="89"/>
        <source>Cancelled</source>
        <translation>Annulée</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="90"/>
        <source>Missed</source>
        <translation>Manquée</translation>
    </message>
</context>
<context>
    <name>CampaignWizard</name>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="101"/>
        <source>New campaign</source>
        <translation>Nouvelle campagne</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="103"/>
        <source>Edit “{name}”</source>
        <translation>Modifier « {name} »</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="126"/>
        <source>Save as draft</source>
        <translation>Enregistrer comme brouillon</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="201"/>
        <source>The chosen time has passed: go back and choose another.</source>
        <translation>L’heure choisie est passée : revenez en arrière pour en choisir une autre.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="216"/>
        <source>Saving…</source>
        <translation>Enregistrement…</translation>
    </message>
</context>
<context>
    <name>CampaignsModel</name>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="123"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="124"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="125"/>
        <source>Progress</source>
        <translation>Progression</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="126"/>
        <source>Scheduled</source>
        <translation>Envoi programmé</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="127"/>
        <source>Next send</source>
        <translation>Prochain envoi</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="128"/>
        <source>Last error</source>
        <translation>Dernière erreur</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="180"/>
        <source>{done} / {total}</source>
        <translation>{done} / {total}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="210"/>
        <source>Sent: {0}</source>
        <translation>Envoyés : {0}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="211"/>
        <source>Waiting: {0}</source>
        <translation>En attente : {0}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="212"/>
        <source>Failed: {0}</source>
        <translation>En échec : {0}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="213"/>
        <source>In doubt: {0}</source>
        <translation>À vérifier : {0}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="214"/>
        <source>Not sent (unsubscribed...): {0}</source>
        <translation>Non envoyés (désabonnés…) : {0}</translation>
    </message>
</context>
<context>
    <name>CampaignsPage</name>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="267"/>
        <source>New…</source>
        <translation>Créer…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="268"/>
        <source>Edit…</source>
        <translation>Modifier…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="269"/>
        <location filename="../../ui/pages/campaigns_page.py" line="446"/>
        <source>Send…</source>
        <translation>Envoyer…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="270"/>
        <source>Pause</source>
        <translation>Mettre en pause</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="272"/>
        <source>Resume</source>
        <translation>Reprendre</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="275"/>
        <source>Cancel…</source>
        <translation>Annuler…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="278"/>
        <source>Delete…</source>
        <translation>Supprimer…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="281"/>
        <source>Retry failed</source>
        <translation>Renvoyer les échecs</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="284"/>
        <source>Send a test…</source>
        <translation>Envoyer un test…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="287"/>
        <source>History…</source>
        <translation>Historique…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="290"/>
        <source>Report…</source>
        <translation>Rapport…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="293"/>
        <source>Opens, clicks, bounces and unsubscribes, to export as PDF or CSV</source>
        <translation>Ouvertures, clics, rebonds et désinscriptions, à exporter en PDF ou en CSV</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="422"/>
        <source>Last error</source>
        <translation>Dernière erreur</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="444"/>
        <source>Schedule…</source>
        <translation>Programmer…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="523"/>
        <source>Edit the campaign</source>
        <translation>Modifier la campagne</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="524"/>
        <source>“{name}” has already started: it can no longer be changed.</source>
        <translation>La campagne « {name} » a déjà commencé : elle ne peut plus être modifiée.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="542"/>
        <source>“{name}” is scheduled. {schedule}.</source>
        <translation>La campagne « {name} » est programmée. {schedule}.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="546"/>
        <source>Next send: {when}.</source>
        <translation>Prochain envoi : {when}.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="551"/>
        <source>“{name}” will be sent on {when}.</source>
        <translation>La campagne « {name} » sera envoyée le {when}.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="555"/>
        <source>Sending “{name}”…</source>
        <translation>Envoi de « {name} »…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="556"/>
        <source>“{name}” was saved as a draft.</source>
        <translation>La campagne « {name} » a été enregistrée comme brouillon.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="564"/>
        <source>Checking “{name}” before sending…</source>
        <translation>Vérification de « {name} » avant l’envoi…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="576"/>
        <source>“{name}” cannot be sent</source>
        <translation>Impossible d’envoyer « {name} »</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="580"/>
        <source>Send the campaign</source>
        <translation>Envoyer la campagne</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/campaigns_page.py" line="594"/>
        <source>Schedule “{name}”? {schedule}. Each send goes to the audience of the day: %Ln recipient(s) today.</source>
        <translation>
            <numerusform>Programmer « {name} » ? {schedule}. Chaque envoi part aux destinataires du jour : %Ln destinataire aujourd’hui.</numerusform>
            <numerusform>Programmer « {name} » ? {schedule}. Chaque envoi part aux destinataires du jour : %Ln destinataires aujourd’hui.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/campaigns_page.py" line="603"/>
        <source>Schedule “{name}” for {when}: %Ln recipient(s)?</source>
        <translation>
            <numerusform>Programmer « {name} » pour le {when} : %Ln destinataire ?</numerusform>
            <numerusform>Programmer « {name} » pour le {when} : %Ln destinataires ?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/campaigns_page.py" line="606"/>
        <source>Send “{name}” now to %Ln recipient(s)?</source>
        <translation>
            <numerusform>Envoyer « {name} » maintenant à %Ln destinataire ?</numerusform>
            <numerusform>Envoyer « {name} » maintenant à %Ln destinataires ?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/campaigns_page.py" line="612"/>
        <source>%Ln contact(s) of the audience will not receive it (unsubscribed, bounced...).</source>
        <translation>
            <numerusform>%Ln contact parmi les destinataires ne la recevra pas (désabonné, rejeté…).</numerusform>
            <numerusform>%Ln contacts parmi les destinataires ne la recevront pas (désabonnés, rejetés…).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="638"/>
        <source>Cancel “{name}”? Messages not sent yet will not be sent; this cannot be undone.</source>
        <translation>Annuler « {name} » ? Les messages pas encore envoyés ne le seront pas ; cette action est irréversible.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="640"/>
        <source>Cancel the campaign</source>
        <translation>Annuler la campagne</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="649"/>
        <source>Delete “{name}” and the history of its messages? This cannot be undone.</source>
        <translation>Supprimer « {name} » et l’historique de ses messages ? Cette action est irréversible.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="651"/>
        <source>Delete the campaign</source>
        <translation>Supprimer la campagne</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/campaigns_page.py" line="663"/>
        <source>%Ln failed message(s) will be sent again.</source>
        <translation>
            <numerusform>%Ln message en échec sera renvoyé.</numerusform>
            <numerusform>%Ln messages en échec seront renvoyés.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="673"/>
        <source>Send a test</source>
        <translation>Envoyer un test</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="674"/>
        <source>Send a test of “{name}” to the address:</source>
        <translation>Envoyer un test de « {name} » à l’adresse :</translation>
    </message>
    <message>
        <location filename="../../ui/pages/campaigns_page.py" line="681"/>
        <source>Sending a test to {0}…</source>
        <translation>Envoi d’un test à {0}…</translation>
    </message>
</context>
<context>
    <name>ComparisonChart</name>
    <message>
        <location filename="../../ui/widgets/charts.py" line="223"/>
        <source>Open rate</source>
        <translation>Taux d’ouverture</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/charts.py" line="225"/>
        <source>Click rate</source>
        <translation>Taux de clic</translation>
    </message>
</context>
<context>
    <name>ComparisonModel</name>
    <message>
        <location filename="../../ui/models/stats_models.py" line="91"/>
        <source>Campaign</source>
        <translation>Campagne</translation>
    </message>
    <message>
        <location filename="../../ui/models/stats_models.py" line="92"/>
        <source>Sent</source>
        <translation>Envoyés</translation>
    </message>
    <message>
        <location filename="../../ui/models/stats_models.py" line="93"/>
        <source>Open rate</source>
        <translation>Taux d’ouverture</translation>
    </message>
    <message>
        <location filename="../../ui/models/stats_models.py" line="94"/>
        <source>Click rate</source>
        <translation>Taux de clic</translation>
    </message>
    <message>
        <location filename="../../ui/models/stats_models.py" line="95"/>
        <source>Bounces</source>
        <translation>Rebonds</translation>
    </message>
    <message>
        <location filename="../../ui/models/stats_models.py" line="96"/>
        <source>Unsubscribes</source>
        <translation>Désinscriptions</translation>
    </message>
    <message>
        <location filename="../../ui/models/stats_models.py" line="117"/>
        <source>{bounced} bounced, {failed} rejected when sending</source>
        <translation>Rebonds : {bounced} ; refusés à l’envoi : {failed}</translation>
    </message>
    <message>
        <location filename="../../ui/models/stats_models.py" line="121"/>
        <source>Double-click for the campaign&apos;s report</source>
        <translation>Double-cliquez pour afficher le rapport de la campagne</translation>
    </message>
</context>
<context>
    <name>ConditionRow</name>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="403"/>
        <source>attribute name</source>
        <translation>nom du champ</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="410"/>
        <source>value</source>
        <translation>valeur</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="417"/>
        <source>values separated by commas</source>
        <translation>valeurs séparées par des virgules</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="422"/>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="428"/>
        <source>Remove</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="455"/>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="456"/>
        <source>First name</source>
        <translation>Prénom</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="457"/>
        <source>Last name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="458"/>
        <source>Company</source>
        <translation>Société</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="459"/>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="460"/>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="461"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="462"/>
        <source>Consent source</source>
        <translation>Source du consentement</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="463"/>
        <source>Tracking consent</source>
        <translation>Consentement au suivi</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="464"/>
        <source>Created</source>
        <translation>Date de création</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="465"/>
        <source>Updated</source>
        <translation>Date de modification</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="466"/>
        <source>Last activity</source>
        <translation>Dernière activité</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="467"/>
        <source>Consent date</source>
        <translation>Date du consentement</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="468"/>
        <source>Tag</source>
        <translation>Étiquette</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="469"/>
        <source>List</source>
        <translation>Liste</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="474"/>
        <source>equals</source>
        <translation>est</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="475"/>
        <source>is not</source>
        <translation>n’est pas</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="476"/>
        <source>contains</source>
        <translation>contient</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="477"/>
        <source>starts with</source>
        <translation>commence par</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="478"/>
        <source>is one of</source>
        <translation>fait partie de</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="479"/>
        <source>greater than</source>
        <translation>supérieur à</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="480"/>
        <source>less than</source>
        <translation>inférieur à</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="481"/>
        <source>before</source>
        <translation>avant le</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="482"/>
        <source>after</source>
        <translation>après le</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="483"/>
        <source>is set</source>
        <translation>est renseigné</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="557"/>
        <source>Attribute: {0}</source>
        <translation>Champ personnalisé : {0}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="558"/>
        <source>Other attribute…</source>
        <translation>Autre champ personnalisé…</translation>
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="191"/>
        <source>New contact</source>
        <translation>Nouveau contact</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="191"/>
        <source>Edit contact</source>
        <translation>Modifier le contact</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="203"/>
        <source>name@example.fr</source>
        <translation>nom@exemple.fr</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="205"/>
        <source>Email:</source>
        <translation>Adresse e-mail :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="215"/>
        <source>First name:</source>
        <translation>Prénom :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="218"/>
        <source>Last name:</source>
        <translation>Nom :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="221"/>
        <source>Company:</source>
        <translation>Société :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="224"/>
        <source>Phone:</source>
        <translation>Téléphone :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="227"/>
        <source>e.g. fr</source>
        <translation>ex. : fr</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="228"/>
        <source>Language:</source>
        <translation>Langue :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="234"/>
        <source>Status:</source>
        <translation>Statut :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="235"/>
        <source>Agreed to open and click tracking</source>
        <translation>A accepté le suivi des ouvertures et des clics</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="238"/>
        <source>Comma-separated, e.g. client, vip</source>
        <translation>Séparées par des virgules, ex. : client, vip</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="240"/>
        <source>Tags:</source>
        <translation>Étiquettes :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="241"/>
        <source>Comma-separated list names</source>
        <translation>Noms de listes séparés par des virgules</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="243"/>
        <source>Lists:</source>
        <translation>Listes :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="255"/>
        <location filename="../../ui/dialogs/contact_dialog.py" line="341"/>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="256"/>
        <source>Activity</source>
        <translation>Activité</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="288"/>
        <source>Custom fields</source>
        <translation>Champs personnalisés</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="292"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="292"/>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="299"/>
        <source>Add field</source>
        <translation>Ajouter un champ</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="301"/>
        <source>Remove field</source>
        <translation>Supprimer le champ</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="310"/>
        <source>Consent</source>
        <translation>Consentement</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="317"/>
        <location filename="../../ui/dialogs/contact_dialog.py" line="318"/>
        <source>unknown</source>
        <translation>inconnue</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="319"/>
        <source>Source:</source>
        <translation>Source :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="320"/>
        <source>Date:</source>
        <translation>Date :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="324"/>
        <source>Wording:</source>
        <translation>Texte accepté :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="326"/>
        <source>IP address:</source>
        <translation>Adresse IP :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="341"/>
        <source>When</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="341"/>
        <source>Event</source>
        <translation>Événement</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="341"/>
        <source>Campaign</source>
        <translation>Campagne</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="346"/>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="369"/>
        <source>No activity yet.</source>
        <translation>Aucune activité pour l’instant.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="434"/>
        <source>Not a valid address: {0}</source>
        <translation>Adresse non valide : {0}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="452"/>
        <source>Give every custom field a name.</source>
        <translation>Donnez un nom à chaque champ personnalisé.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="454"/>
        <source>The custom field {0} appears twice.</source>
        <translation>Le champ personnalisé « {0} » apparaît deux fois.</translation>
    </message>
</context>
<context>
    <name>ContactStatus</name>
    <message>
        <location filename="../../ui/models/contacts_model.py" line="74"/>
        <source>Subscribed</source>
        <translation>Abonné</translation>
    </message>
    <message>
        <location filename="../../ui/models/contacts_model.py" line="75"/>
        <source>Unsubscribed</source>
        <translation>Désabonné</translation>
    </message>
    <message>
        <location filename="../../ui/models/contacts_model.py" line="76"/>
        <source>Bounced</source>
        <translation>Rejeté</translation>
    </message>
    <message>
        <location filename="../../ui/models/contacts_model.py" line="77"/>
        <source>Complained</source>
        <translation>Plainte</translation>
    </message>
    <message>
        <location filename="../../ui/models/contacts_model.py" line="78"/>
        <source>Pending</source>
        <translation>En attente</translation>
    </message>
</context>
<context>
    <name>ContactsPage</name>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="131"/>
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="137"/>
        <source>Edit</source>
        <translation>Modifier</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="143"/>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="148"/>
        <source>Tags…</source>
        <translation>Étiquettes…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="150"/>
        <source>Lists…</source>
        <translation>Listes…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="153"/>
        <source>Import…</source>
        <translation>Importer…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="156"/>
        <source>Export…</source>
        <translation>Exporter…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="173"/>
        <source>Search by email, name, company or phone</source>
        <translation>Rechercher par e-mail, nom, société ou téléphone</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="179"/>
        <location filename="../../ui/pages/contacts_page.py" line="318"/>
        <source>All contacts</source>
        <translation>Tous les contacts</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="183"/>
        <source>Any status</source>
        <translation>Tous les statuts</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/contacts_page.py" line="291"/>
        <source>%Ln contact(s)</source>
        <translation>
            <numerusform>%Ln contact</numerusform>
            <numerusform>%Ln contacts</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="320"/>
        <source>List: {0}</source>
        <translation>Liste : {0}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="321"/>
        <source>Tag: {0}</source>
        <translation>Étiquette : {0}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="322"/>
        <source>Segment: {0}</source>
        <translation>Segment : {0}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="470"/>
        <source>Saved {0}.</source>
        <translation>Contact {0} enregistré.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="478"/>
        <source>Delete {0}? This cannot be undone.</source>
        <translation>Supprimer {0} ? Cette action est irréversible.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="480"/>
        <source>Delete this contact? This cannot be undone.</source>
        <translation>Supprimer ce contact ? Cette action est irréversible.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="482"/>
        <source>Delete {0} contacts? This cannot be undone.</source>
        <translation>Supprimer {0} contacts ? Cette action est irréversible.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="487"/>
        <source>Delete contacts</source>
        <translation>Supprimer des contacts</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/contacts_page.py" line="504"/>
        <source>%Ln contact(s) deleted.</source>
        <translation>
            <numerusform>%Ln contact supprimé.</numerusform>
            <numerusform>%Ln contacts supprimés.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="531"/>
        <source>No change was needed.</source>
        <translation>Aucune modification n’était nécessaire.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="533"/>
        <source>1 change saved.</source>
        <translation>1 modification enregistrée.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="535"/>
        <source>{0} changes saved.</source>
        <translation>{0} modifications enregistrées.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="585"/>
        <source>CSV file (*.csv)</source>
        <translation>Fichier CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="586"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Classeur Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/contacts_page.py" line="589"/>
        <source>Export contacts</source>
        <translation>Exporter les contacts</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/contacts_page.py" line="607"/>
        <source>%Ln contact(s) exported to {0}.</source>
        <translation>
            <numerusform>%Ln contact exporté vers {0}.</numerusform>
            <numerusform>%Ln contacts exportés vers {0}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ContactsTableModel</name>
    <message>
        <location filename="../../ui/models/contacts_model.py" line="125"/>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../ui/models/contacts_model.py" line="126"/>
        <source>First name</source>
        <translation>Prénom</translation>
    </message>
    <message>
        <location filename="../../ui/models/contacts_model.py" line="127"/>
        <source>Last name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ui/models/contacts_model.py" line="128"/>
        <source>Company</source>
        <translation>Société</translation>
    </message>
    <message>
        <location filename="../../ui/models/contacts_model.py" line="129"/>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <location filename="../../ui/models/contacts_model.py" line="130"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location filename="../../ui/models/contacts_model.py" line="131"/>
        <source>Tags</source>
        <translation>Étiquettes</translation>
    </message>
    <message>
        <location filename="../../ui/models/contacts_model.py" line="132"/>
        <source>Lists</source>
        <translation>Listes</translation>
    </message>
    <message>
        <location filename="../../ui/models/contacts_model.py" line="133"/>
        <source>Created</source>
        <translation>Créé le</translation>
    </message>
</context>
<context>
    <name>CronWords</name>
    <message>
        <location filename="../../ui/cron_words.py" line="26"/>
        <source>Monday</source>
        <comment>after “Every”; French: plural</comment>
        <translation>lundis</translation>
    </message>
    <message>
        <location filename="../../ui/cron_words.py" line="27"/>
        <source>Tuesday</source>
        <comment>after “Every”; French: plural</comment>
        <translation>mardis</translation>
    </message>
    <message>
        <location filename="../../ui/cron_words.py" line="28"/>
        <source>Wednesday</source>
        <comment>after “Every”; French: plural</comment>
        <translation>mercredis</translation>
    </message>
    <message>
        <location filename="../../ui/cron_words.py" line="29"/>
        <source>Thursday</source>
        <comment>after “Every”; French: plural</comment>
        <translation>jeudis</translation>
    </message>
    <message>
        <location filename="../../ui/cron_words.py" line="30"/>
        <source>Friday</source>
        <comment>after “Every”; French: plural</comment>
        <translation>vendredis</translation>
    </message>
    <message>
        <location filename="../../ui/cron_words.py" line="31"/>
        <source>Saturday</source>
        <comment>after “Every”; French: plural</comment>
        <translation>samedis</translation>
    </message>
    <message>
        <location filename="../../ui/cron_words.py" line="32"/>
        <source>Sunday</source>
        <comment>after “Every”; French: plural</comment>
        <translation>dimanches</translation>
    </message>
    <message>
        <location filename="../../ui/cron_words.py" line="42"/>
        <source>, </source>
        <comment>between the items of a list</comment>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../ui/cron_words.py" line="43"/>
        <source>{items} and {last}</source>
        <translation>{items} et {last}</translation>
    </message>
    <message>
        <location filename="../../ui/cron_words.py" line="58"/>
        <source>Every day at {times}</source>
        <translation>Tous les jours à {times}</translation>
    </message>
    <message>
        <location filename="../../ui/cron_words.py" line="60"/>
        <source>Every weekday (Monday to Friday) at {times}</source>
        <translation>Tous les jours ouvrés (du lundi au vendredi) à {times}</translation>
    </message>
    <message>
        <location filename="../../ui/cron_words.py" line="66"/>
        <source>Every {days} at {times}</source>
        <translation>Tous les {days} à {times}</translation>
    </message>
    <message>
        <location filename="../../ui/cron_words.py" line="73"/>
        <source>On day {days} of every month at {times}</source>
        <translation>Le jour {days} de chaque mois à {times}</translation>
    </message>
    <message>
        <location filename="../../ui/cron_words.py" line="77"/>
        <source>On days {days} of every month at {times}</source>
        <translation>Les jours {days} de chaque mois à {times}</translation>
    </message>
    <message>
        <location filename="../../ui/cron_words.py" line="82"/>
        <source>Every hour, on the hour</source>
        <translation>Toutes les heures, à l’heure pile</translation>
    </message>
    <message>
        <location filename="../../ui/cron_words.py" line="84"/>
        <source>Every hour at minute {minute}</source>
        <translation>Toutes les heures à la minute {minute}</translation>
    </message>
    <message>
        <location filename="../../ui/cron_words.py" line="88"/>
        <source>Cron schedule: {expression}</source>
        <translation>Programmation cron : {expression}</translation>
    </message>
    <message>
        <location filename="../../ui/cron_words.py" line="93"/>
        <source>{schedule} ({timezone})</source>
        <translation>{schedule} ({timezone})</translation>
    </message>
    <message>
        <location filename="../../ui/cron_words.py" line="130"/>
        <source>{date} at {time}</source>
        <translation>{date} à {time}</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../ui/pages/dashboard_page.py" line="128"/>
        <source>Last 7 days</source>
        <translation>7 derniers jours</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard_page.py" line="129"/>
        <source>Last 30 days</source>
        <translation>30 derniers jours</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard_page.py" line="130"/>
        <source>Last 90 days</source>
        <translation>90 derniers jours</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard_page.py" line="131"/>
        <source>Last 12 months</source>
        <translation>12 derniers mois</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard_page.py" line="132"/>
        <source>Custom range</source>
        <translation>Période personnalisée</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard_page.py" line="143"/>
        <source>All mail</source>
        <translation>Tous les envois</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard_page.py" line="144"/>
        <source>Automations</source>
        <translation>Automatisations</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard_page.py" line="150"/>
        <source>Updating…</source>
        <translation>Mise à jour…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard_page.py" line="153"/>
        <source>Period:</source>
        <translation>Période :</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard_page.py" line="159"/>
        <source>Mail:</source>
        <translation>Envois :</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard_page.py" line="166"/>
        <source>No mail sent yet in this period.</source>
        <translation>Aucun e-mail envoyé sur cette période.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard_page.py" line="192"/>
        <source>Table</source>
        <translation>Tableau</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard_page.py" line="193"/>
        <source>Chart</source>
        <translation>Graphique</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard_page.py" line="194"/>
        <source>Campaigns</source>
        <translation>Campagnes</translation>
    </message>
    <message>
        <location filename="../../ui/pages/dashboard_page.py" line="195"/>
        <source>Most clicked links</source>
        <translation>Liens les plus cliqués</translation>
    </message>
</context>
<context>
    <name>DateTriggerWords</name>
    <message numerus="yes">
        <location filename="../../ui/pages/automations_page.py" line="82"/>
        <source>%n day(s) before the date in «{attribute}» at {hour}</source>
        <translation>
            <numerusform>%n jour avant la date indiquée dans « {attribute} », à {hour}</numerusform>
            <numerusform>%n jours avant la date indiquée dans « {attribute} », à {hour}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/automations_page.py" line="85"/>
        <source>%n day(s) after the date in «{attribute}» at {hour}</source>
        <translation>
            <numerusform>%n jour après la date indiquée dans « {attribute} », à {hour}</numerusform>
            <numerusform>%n jours après la date indiquée dans « {attribute} », à {hour}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EngagementChart</name>
    <message>
        <location filename="../../ui/widgets/charts.py" line="118"/>
        <source>Sent</source>
        <translation>Envoyés</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/charts.py" line="119"/>
        <source>Unique opens</source>
        <translation>Ouvertures uniques</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/charts.py" line="120"/>
        <source>Unique clicks</source>
        <translation>Clics uniques</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/charts.py" line="173"/>
        <source>Week of</source>
        <translation>Semaine du</translation>
    </message>
</context>
<context>
    <name>EnrollDialog</name>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="639"/>
        <source>Enroll in “{name}”</source>
        <translation>Inscrire à « {name} »</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="642"/>
        <source>These addresses (one per line):</source>
        <translation>Ces adresses (une par ligne) :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="647"/>
        <source>anne@example.fr
bruno@example.fr</source>
        <translation>anne@exemple.fr
bruno@exemple.fr</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="648"/>
        <source>Everyone in the list:</source>
        <translation>Tous les contacts de la liste :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="652"/>
        <source>Everyone with the tag:</source>
        <translation>Tous les contacts ayant l’étiquette :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="658"/>
        <source>A contact is enrolled once: those already in it (or who went through it), and those who may not receive it (unsubscribed, bounced...), are left out.</source>
        <translation>Un contact n’est inscrit qu’une fois : ceux qui y sont déjà inscrits (ou qui l’ont déjà suivie) et ceux qui ne peuvent pas la recevoir (désabonnés, rejetés…) sont exclus.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="672"/>
        <source>Enroll</source>
        <translation>Inscrire</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="727"/>
        <source>Type at least one address, or choose a list or a tag.</source>
        <translation>Saisissez au moins une adresse, ou choisissez une liste ou une étiquette.</translation>
    </message>
</context>
<context>
    <name>EnrollmentStatus</name>
    <message>
        <location filename="../../ui/models/enrollments_model.py" line="36"/>
        <source>In progress</source>
        <translation>En cours</translation>
    </message>
    <message>
        <location filename="../../ui/models/enrollments_model.py" line="37"/>
        <source>Completed</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <location filename="../../ui/models/enrollments_model.py" line="38"/>
        <source>Left</source>
        <translation>Sorti</translation>
    </message>
</context>
<context>
    <name>EnrollmentsModel</name>
    <message>
        <location filename="../../ui/models/enrollments_model.py" line="54"/>
        <source>Step {k} of {n}</source>
        <translation>Étape {k} sur {n}</translation>
    </message>
    <message>
        <location filename="../../ui/models/enrollments_model.py" line="57"/>
        <source>{sent} of {n} sent</source>
        <translation>Envoyés : {sent} sur {n}</translation>
    </message>
    <message>
        <location filename="../../ui/models/enrollments_model.py" line="71"/>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../ui/models/enrollments_model.py" line="72"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ui/models/enrollments_model.py" line="73"/>
        <source>Where</source>
        <translation>Avancement</translation>
    </message>
    <message>
        <location filename="../../ui/models/enrollments_model.py" line="74"/>
        <source>Next mail</source>
        <translation>Prochain e-mail</translation>
    </message>
    <message>
        <location filename="../../ui/models/enrollments_model.py" line="75"/>
        <source>Next send</source>
        <translation>Prochain envoi</translation>
    </message>
    <message>
        <location filename="../../ui/models/enrollments_model.py" line="76"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location filename="../../ui/models/enrollments_model.py" line="77"/>
        <source>Exit reason</source>
        <translation>Motif de sortie</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="173"/>
        <source>Choose a file</source>
        <translation>Choisir un fichier</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="176"/>
        <source>CSV, Excel (xlsx, xls) or OpenDocument (ods). You can also drop the file here.</source>
        <translation>CSV, Excel (xlsx, xls) ou OpenDocument (ods). Vous pouvez aussi déposer le fichier ici.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="182"/>
        <source>Path of the file to import</source>
        <translation>Chemin du fichier à importer</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="184"/>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="190"/>
        <source>Drop a file here</source>
        <translation>Déposez un fichier ici</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="213"/>
        <source>Import contacts</source>
        <translation>Importer des contacts</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="215"/>
        <source>Contact files (*.csv *.txt *.xlsx *.xls *.ods);;All files (*)</source>
        <translation>Fichiers de contacts (*.csv *.txt *.xlsx *.xls *.ods);;Tous les fichiers (*)</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <location filename="../../ui/dialogs/form_dialog.py" line="76"/>
        <source>Edit signup form</source>
        <translation>Modifier le formulaire d’inscription</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/form_dialog.py" line="76"/>
        <source>New signup form</source>
        <translation>Nouveau formulaire d’inscription</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/form_dialog.py" line="84"/>
        <source>Part of the form&apos;s address: lower-case letters, digits, “-” and “_”.</source>
        <translation>Fait partie de l’adresse du formulaire : lettres minuscules, chiffres, « - » et « _ ».</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/form_dialog.py" line="89"/>
        <source>The list signups join</source>
        <translation>La liste que rejoignent les inscrits</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/form_dialog.py" line="92"/>
        <source>Separated by commas</source>
        <translation>Séparées par des virgules</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/form_dialog.py" line="94"/>
        <source>Send a confirmation mail first (double opt-in)</source>
        <translation>Envoyer d’abord un e-mail de confirmation (double confirmation, ou double opt-in)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/form_dialog.py" line="100"/>
        <source>Facteur&apos;s built-in message</source>
        <translation>Message intégré de Facteur</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/form_dialog.py" line="103"/>
        <source>The only sending account</source>
        <translation>L’unique compte d’envoi</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/form_dialog.py" line="107"/>
        <source>I agree to receive the newsletter. I can unsubscribe at any time.</source>
        <translation>J’accepte de recevoir la newsletter. Je peux me désinscrire à tout moment.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/form_dialog.py" line="110"/>
        <source>Shown next to the form&apos;s check box and kept with each signup as proof.</source>
        <translation>Affiché à côté de la case à cocher du formulaire et conservé avec chaque inscription comme preuve.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/form_dialog.py" line="115"/>
        <location filename="../../ui/dialogs/form_dialog.py" line="119"/>
        <source>Optional: the relay&apos;s own page otherwise</source>
        <translation>Facultatif : sinon, la page du relais</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/form_dialog.py" line="123"/>
        <source>city, birthday… (separated by commas)</source>
        <translation>ville, anniversaire… (séparés par des virgules)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/form_dialog.py" line="126"/>
        <source>Fields besides email, first_name, last_name, company and phone, kept as the contact&apos;s attributes.</source>
        <translation>Champs autres que email, first_name, last_name, company et phone, conservés comme champs personnalisés du contact.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/form_dialog.py" line="130"/>
        <source>Accept signups</source>
        <translation>Accepter les inscriptions</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/form_dialog.py" line="135"/>
        <source>Name:</source>
        <translation>Nom :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/form_dialog.py" line="136"/>
        <source>List:</source>
        <translation>Liste :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/form_dialog.py" line="137"/>
        <source>Tags:</source>
        <translation>Étiquettes :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/form_dialog.py" line="139"/>
        <source>Confirmation mail:</source>
        <translation>E-mail de confirmation :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/form_dialog.py" line="140"/>
        <source>Sent with:</source>
        <translation>Envoyé par :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/form_dialog.py" line="141"/>
        <source>Consent text:</source>
        <translation>Texte du consentement :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/form_dialog.py" line="142"/>
        <source>After signing up, go to:</source>
        <translation>Après l’inscription, rediriger vers :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/form_dialog.py" line="143"/>
        <source>After confirming, go to:</source>
        <translation>Après la confirmation, rediriger vers :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/form_dialog.py" line="144"/>
        <source>Extra fields:</source>
        <translation>Champs supplémentaires :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/form_dialog.py" line="176"/>
        <source>HTML to paste into your page</source>
        <translation>HTML à coller dans votre page</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/form_dialog.py" line="182"/>
        <source>Copy</source>
        <translation>Copier</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/form_dialog.py" line="299"/>
        <source>Paste it where the form should appear; style it as you like.</source>
        <translation>Collez-le là où le formulaire doit apparaître ; mettez-le en forme à votre guise.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/form_dialog.py" line="302"/>
        <source>Connect a relay first: the form&apos;s HTML posts to it.</source>
        <translation>Connectez d’abord un relais : le HTML du formulaire lui envoie les inscriptions.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/form_dialog.py" line="304"/>
        <source>The HTML to paste appears once the form is saved.</source>
        <translation>Le HTML à coller apparaîtra une fois le formulaire enregistré.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/form_dialog.py" line="315"/>
        <source>Copied to the clipboard.</source>
        <translation>Copié dans le presse-papiers.</translation>
    </message>
</context>
<context>
    <name>FormsModel</name>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="139"/>
        <source>Double opt-in</source>
        <translation>Double confirmation</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="139"/>
        <source>Single opt-in</source>
        <translation>Sans confirmation</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="140"/>
        <source>Yes</source>
        <translation>Oui</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="140"/>
        <source>No</source>
        <translation>Non</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="150"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="151"/>
        <source>List</source>
        <translation>Liste</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="152"/>
        <source>Confirmation</source>
        <translation>Confirmation</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="153"/>
        <source>Enabled</source>
        <translation>Activé</translation>
    </message>
</context>
<context>
    <name>GroupEditor</name>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="280"/>
        <source>all of</source>
        <translation>toutes les conditions</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="281"/>
        <source>any of</source>
        <translation>au moins une des conditions</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="282"/>
        <source>Contacts matching</source>
        <translation>Contacts remplissant</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="284"/>
        <source>the following:</source>
        <translation>suivantes :</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="286"/>
        <source>All</source>
        <translation>Toutes les conditions</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="287"/>
        <source>Any</source>
        <translation>Au moins une condition</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="289"/>
        <source>of these:</source>
        <translation>ci-dessous :</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="293"/>
        <source>Remove group</source>
        <translation>Supprimer le groupe</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="301"/>
        <source>Add condition</source>
        <translation>Ajouter une condition</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="309"/>
        <source>Add group</source>
        <translation>Ajouter un groupe</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="106"/>
        <source>Import contacts</source>
        <translation>Importer des contacts</translation>
    </message>
</context>
<context>
    <name>KpiPanel</name>
    <message>
        <location filename="../../ui/widgets/kpi_tile.py" line="73"/>
        <source>Sent</source>
        <translation>Envoyés</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/kpi_tile.py" line="74"/>
        <source>Opened</source>
        <translation>Ouvertures</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/kpi_tile.py" line="75"/>
        <source>Clicked</source>
        <translation>Clics</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/kpi_tile.py" line="76"/>
        <source>Bounced or rejected</source>
        <translation>Rebonds ou refus</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/kpi_tile.py" line="77"/>
        <source>Unsubscribed</source>
        <translation>Désinscriptions</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/kpi_tile.py" line="78"/>
        <source>Complaints</source>
        <translation>Plaintes</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/kpi_tile.py" line="95"/>
        <source>{failed} rejected by the server</source>
        <translation>Refusés par le serveur : {failed}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/kpi_tile.py" line="101"/>
        <source>{rate} open rate</source>
        <translation>Taux d’ouverture : {rate}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/kpi_tile.py" line="102"/>
        <source>{opens} opens in all, {bots} automatic (not counted)</source>
        <translation>Ouvertures au total : {opens} ; automatiques (non comptées) : {bots}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/kpi_tile.py" line="108"/>
        <source>{rate} click rate, {cto} of openers</source>
        <translation>Taux de clic : {rate} ({cto} des ouvreurs)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/kpi_tile.py" line="111"/>
        <source>{clicks} clicks in all, {bots} automatic (not counted)</source>
        <translation>Clics au total : {clicks} ; automatiques (non comptés) : {bots}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/kpi_tile.py" line="119"/>
        <source>{rate} of mail</source>
        <translation>{rate} des envois</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/kpi_tile.py" line="120"/>
        <source>{bounced} bounced, {failed} rejected when sending</source>
        <translation>Rebonds : {bounced} ; refusés à l’envoi : {failed}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/kpi_tile.py" line="126"/>
        <location filename="../../ui/widgets/kpi_tile.py" line="130"/>
        <source>{rate} of mail sent</source>
        <translation>{rate} des e-mails envoyés</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/kpi_tile.py" line="131"/>
        <source>Marked as spam by the recipient</source>
        <translation>Signalés comme spam par le destinataire</translation>
    </message>
</context>
<context>
    <name>LinksModel</name>
    <message>
        <location filename="../../ui/models/stats_models.py" line="133"/>
        <source>Link</source>
        <translation>Lien</translation>
    </message>
    <message>
        <location filename="../../ui/models/stats_models.py" line="133"/>
        <source>Clicks</source>
        <translation>Clics</translation>
    </message>
    <message>
        <location filename="../../ui/models/stats_models.py" line="133"/>
        <source>Unique clicks</source>
        <translation>Clics uniques</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="79"/>
        <source>Dashboard</source>
        <translation>Tableau de bord</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="80"/>
        <source>Contacts</source>
        <translation>Contacts</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="81"/>
        <source>Lists and segments</source>
        <translation>Listes et segments</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="82"/>
        <source>Templates</source>
        <translation>Modèles</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="83"/>
        <source>Campaigns</source>
        <translation>Campagnes</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="84"/>
        <source>Automations</source>
        <translation>Automatisations</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="85"/>
        <source>Activity</source>
        <translation>Activité</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="86"/>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="128"/>
        <source>Facteur keeps running</source>
        <translation>Facteur reste actif</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="130"/>
        <source>Facteur is still running in the system tray so that scheduled mail goes out. Use Quit in the tray menu to stop it.</source>
        <translation>Facteur reste actif dans la zone de notification pour que les envois programmés partent. Pour l’arrêter, choisissez « Quitter » dans le menu de son icône.</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="377"/>
        <source>Columns</source>
        <translation>Colonnes</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="378"/>
        <source>Choose where each column of the file goes.</source>
        <translation>Indiquez à quoi correspond chaque colonne du fichier.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="393"/>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="394"/>
        <source>First name</source>
        <translation>Prénom</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="395"/>
        <source>Last name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="396"/>
        <source>Company</source>
        <translation>Société</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="397"/>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="398"/>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="399"/>
        <source>Custom attribute “{0}”</source>
        <translation>Champ personnalisé « {0} »</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="400"/>
        <source>Ignore</source>
        <translation>Ignorer</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="413"/>
        <source>Column</source>
        <translation>Colonne</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="413"/>
        <source>Example</source>
        <translation>Exemple</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="413"/>
        <source>Goes to</source>
        <translation>Correspond à</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="460"/>
        <source>Choose the column that holds the email addresses.</source>
        <translation>Choisissez la colonne qui contient les adresses e-mail.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="463"/>
        <source>Only one column can hold the email address (now: {0}).</source>
        <translation>Une seule colonne peut contenir l’adresse e-mail (actuellement : {0}).</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="476"/>
        <source>Several columns go to {0} ({1}): choose one, ignore the others.</source>
        <translation>Plusieurs colonnes correspondent à {0} ({1}) : gardez-en une et ignorez les autres.</translation>
    </message>
</context>
<context>
    <name>MessageStatus</name>
    <message>
        <location filename="../../ui/models/messages_model.py" line="49"/>
        <source>Queued</source>
        <translation>En attente</translation>
    </message>
    <message>
        <location filename="../../ui/models/messages_model.py" line="50"/>
        <source>Sending</source>
        <translation>Envoi en cours</translation>
    </message>
    <message>
        <location filename="../../ui/models/messages_model.py" line="51"/>
        <source>Sent</source>
        <translation>Envoyé</translation>
    </message>
    <message>
        <location filename="../../ui/models/messages_model.py" line="52"/>
        <source>Failed</source>
        <translation>En échec</translation>
    </message>
    <message>
        <location filename="../../ui/models/messages_model.py" line="53"/>
        <source>In doubt</source>
        <translation>À vérifier</translation>
    </message>
    <message>
        <location filename="../../ui/models/messages_model.py" line="54"/>
        <source>Not sent (suppressed)</source>
        <translation>Non envoyé (exclu)</translation>
    </message>
</context>
<context>
    <name>MessagesModel</name>
    <message>
        <location filename="../../ui/models/messages_model.py" line="97"/>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../ui/models/messages_model.py" line="98"/>
        <source>Campaign</source>
        <translation>Campagne</translation>
    </message>
    <message>
        <location filename="../../ui/models/messages_model.py" line="99"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location filename="../../ui/models/messages_model.py" line="100"/>
        <source>Attempts</source>
        <translation>Tentatives</translation>
    </message>
    <message>
        <location filename="../../ui/models/messages_model.py" line="101"/>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <location filename="../../ui/models/messages_model.py" line="102"/>
        <source>Time</source>
        <translation>Date</translation>
    </message>
</context>
<context>
    <name>NamedCountModel</name>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="78"/>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="90"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="92"/>
        <source>Contacts</source>
        <translation>Contacts</translation>
    </message>
</context>
<context>
    <name>NamesPicker</name>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="500"/>
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="504"/>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
</context>
<context>
    <name>OptionsPage</name>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="555"/>
        <source>Options</source>
        <translation>Options</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="556"/>
        <source>Lists and tags are created when they do not exist yet.</source>
        <translation>Les listes et les étiquettes qui n’existent pas encore sont créées.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="558"/>
        <source>Import</source>
        <translation>Importer</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="559"/>
        <source>List name</source>
        <translation>Nom de la liste</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="561"/>
        <source>Tag name</source>
        <translation>Nom de l’étiquette</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="564"/>
        <source>Add to lists:</source>
        <translation>Ajouter aux listes :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="565"/>
        <source>Add tags:</source>
        <translation>Ajouter les étiquettes :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="566"/>
        <source>Addresses already in your contacts</source>
        <translation>Adresses déjà présentes dans vos contacts</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="567"/>
        <source>Update them with the file&apos;s values</source>
        <translation>Les mettre à jour avec les valeurs du fichier</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="569"/>
        <source>Leave them unchanged</source>
        <translation>Ne pas les modifier</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="261"/>
        <source>Preview</source>
        <translation>Aperçu</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="262"/>
        <source>Check that the columns and accents look right.</source>
        <translation>Vérifiez que les colonnes et les accents s’affichent correctement.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="300"/>
        <source>Reading {0}…</source>
        <translation>Lecture de {0}…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="330"/>
        <source>This file cannot be imported.</source>
        <translation>Ce fichier ne peut pas être importé.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="337"/>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="338"/>
        <source>Excel (xlsx)</source>
        <translation>Excel (xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="339"/>
        <source>Excel 97-2003 (xls)</source>
        <translation>Excel 97-2003 (xls)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="340"/>
        <source>OpenDocument (ods)</source>
        <translation>OpenDocument (ods)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="342"/>
        <source>Format: {0}</source>
        <translation>Format : {0}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="344"/>
        <source>Encoding: {0}</source>
        <translation>Encodage : {0}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="346"/>
        <source>Separator: {0}</source>
        <translation>Séparateur : {0}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/import_wizard.py" line="347"/>
        <source>%Ln column(s)</source>
        <translation>
            <numerusform>%Ln colonne</numerusform>
            <numerusform>%Ln colonnes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/import_wizard.py" line="350"/>
        <source>The first %Ln row(s):</source>
        <translation>
            <numerusform>La première ligne :</numerusform>
            <numerusform>Les %Ln premières lignes :</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="352"/>
        <source>The file has no rows under its header line.</source>
        <translation>Le fichier ne contient aucune ligne sous sa ligne d’en-tête.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="357"/>
        <source>semicolon</source>
        <translation>point-virgule</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="358"/>
        <source>comma</source>
        <translation>virgule</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="359"/>
        <source>vertical bar</source>
        <translation>barre verticale</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="360"/>
        <source>colon</source>
        <translation>deux-points</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="363"/>
        <source>tab</source>
        <translation>tabulation</translation>
    </message>
</context>
<context>
    <name>PreviewPane</name>
    <message>
        <location filename="../../ui/widgets/template_editor.py" line="144"/>
        <source>Sample contact</source>
        <translation>Contact d’exemple</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_editor.py" line="145"/>
        <source>Email of a contact</source>
        <translation>E-mail d’un contact</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_editor.py" line="154"/>
        <source>Desktop</source>
        <translation>Ordinateur</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_editor.py" line="157"/>
        <source>Mobile</source>
        <translation>Mobile</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_editor.py" line="180"/>
        <source>HTML</source>
        <translation>HTML</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_editor.py" line="181"/>
        <source>Text</source>
        <translation>Texte</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_editor.py" line="182"/>
        <source>Remote images are not loaded in the preview.</source>
        <translation>Les images distantes ne sont pas chargées dans l’aperçu.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_editor.py" line="188"/>
        <source>Preview for:</source>
        <translation>Aperçu pour :</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_editor.py" line="259"/>
        <source>Subject: {subject}</source>
        <translation>Objet : {subject}</translation>
    </message>
</context>
<context>
    <name>ProgressPage</name>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="608"/>
        <source>Importing</source>
        <translation>Import en cours</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="609"/>
        <source>Next</source>
        <translation>Suivant</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="616"/>
        <source>Cancel import</source>
        <translation>Annuler l’import</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="619"/>
        <source>Back to the options</source>
        <translation>Retour aux options</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="650"/>
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="679"/>
        <source>Starting the import…</source>
        <translation>Démarrage de l’import…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="700"/>
        <source>{0} of {1} rows read…</source>
        <translation>Lignes lues : {0} sur {1}…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="704"/>
        <source>{0} rows read…</source>
        <translation>Lignes lues : {0}…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="712"/>
        <source>Import cancelled: nothing was stored.</source>
        <translation>Import annulé : rien n’a été enregistré.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="718"/>
        <source>Import finished.</source>
        <translation>Import terminé.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="733"/>
        <source>The import failed: nothing was stored.</source>
        <translation>L’import a échoué : rien n’a été enregistré.</translation>
    </message>
</context>
<context>
    <name>RecurrenceEditor</name>
    <message>
        <location filename="../../ui/widgets/recurrence_editor.py" line="92"/>
        <source>Every day</source>
        <translation>Tous les jours</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/recurrence_editor.py" line="93"/>
        <source>Every weekday (Monday to Friday)</source>
        <translation>Tous les jours ouvrés (du lundi au vendredi)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/recurrence_editor.py" line="94"/>
        <source>On chosen days of the week</source>
        <translation>Certains jours de la semaine</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/recurrence_editor.py" line="95"/>
        <source>On a day of each month</source>
        <translation>Un jour précis de chaque mois</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/recurrence_editor.py" line="96"/>
        <source>Custom (cron expression)</source>
        <translation>Personnalisé (expression cron)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/recurrence_editor.py" line="135"/>
        <source>Five fields: minute, hour, day of the month, month, day of the week. For example “{example}” is every Monday at 09:00.</source>
        <translation>Cinq champs : minute, heure, jour du mois, mois, jour de la semaine. Par exemple, « {example} » signifie tous les lundis à 09:00.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/recurrence_editor.py" line="167"/>
        <source>Repeat:</source>
        <translation>Répéter :</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/recurrence_editor.py" line="168"/>
        <source>On:</source>
        <translation>Jours :</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/recurrence_editor.py" line="169"/>
        <source>Day of the month:</source>
        <translation>Jour du mois :</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/recurrence_editor.py" line="170"/>
        <source>At:</source>
        <translation>Heure :</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/recurrence_editor.py" line="171"/>
        <source>Cron expression:</source>
        <translation>Expression cron :</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/recurrence_editor.py" line="172"/>
        <source>Time zone:</source>
        <translation>Fuseau horaire :</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/recurrence_editor.py" line="174"/>
        <source>Next sends:</source>
        <translation>Prochains envois :</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/recurrence_editor.py" line="301"/>
        <source>Months without a day {day} are skipped.</source>
        <translation>Les mois qui n’ont pas de jour {day} sont sautés.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/recurrence_editor.py" line="321"/>
        <source>Type a cron expression, for example “{example}”.</source>
        <translation>Saisissez une expression cron, par exemple « {example} ».</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/recurrence_editor.py" line="325"/>
        <source>Tick at least one day.</source>
        <translation>Cochez au moins un jour.</translation>
    </message>
</context>
<context>
    <name>RelaySettings</name>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="190"/>
        <source>Your computer cannot be reached from the internet, so opens, clicks, unsubscribes and signup forms go through a small relay you host (Render, a VPS). Facteur collects what it saw.</source>
        <translation>Votre ordinateur n’est pas joignable depuis Internet : les ouvertures, les clics, les désinscriptions et les formulaires d’inscription passent donc par un petit relais que vous hébergez (Render, un VPS). Facteur récupère ensuite ce qu’il a enregistré.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="196"/>
        <source>How to set up a relay</source>
        <translation>Comment installer un relais</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="216"/>
        <source>Connection</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="222"/>
        <source>Relay address:</source>
        <translation>Adresse du relais :</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="225"/>
        <source>FACTEUR_RELAY_SECRET on the relay: signs the links in your mail.</source>
        <translation>FACTEUR_RELAY_SECRET sur le relais : signe les liens de vos e-mails.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="227"/>
        <source>Shared secret:</source>
        <translation>Secret partagé :</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="230"/>
        <source>FACTEUR_RELAY_API_KEY on the relay: lets Facteur collect the events.</source>
        <translation>FACTEUR_RELAY_API_KEY sur le relais : permet à Facteur de récupérer les événements.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="232"/>
        <source>API key:</source>
        <translation>Clé d’API :</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="234"/>
        <source>Test</source>
        <translation>Tester</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="237"/>
        <source>Reaches the relay and checks the secret and the API key. Nothing is saved.</source>
        <translation>Contacte le relais et vérifie le secret et la clé d’API. Rien n’est enregistré.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="239"/>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="241"/>
        <source>Checks the relay, then saves the connection.</source>
        <translation>Vérifie le relais, puis enregistre la connexion.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="242"/>
        <source>Save without checking</source>
        <translation>Enregistrer sans vérifier</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="245"/>
        <source>Disconnect</source>
        <translation>Déconnecter</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="273"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="289"/>
        <source>Connected to:</source>
        <translation>Connecté à :</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="290"/>
        <source>Last sync:</source>
        <translation>Dernière synchronisation :</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="291"/>
        <source>Last error:</source>
        <translation>Dernière erreur :</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="292"/>
        <source>Events applied:</source>
        <translation>Événements pris en compte :</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="294"/>
        <source>Sync now</source>
        <translation>Synchroniser maintenant</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="296"/>
        <source>Collects the relay&apos;s new events now.</source>
        <translation>Récupère dès maintenant les nouveaux événements du relais.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="313"/>
        <source>Signup forms</source>
        <translation>Formulaires d’inscription</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="320"/>
        <source>New…</source>
        <translation>Créer…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="322"/>
        <source>Edit…</source>
        <translation>Modifier…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="324"/>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="326"/>
        <source>Copy HTML</source>
        <translation>Copier le HTML</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="437"/>
        <source>Not connected</source>
        <translation>Non connecté</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="441"/>
        <source>Never</source>
        <translation>Jamais</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="443"/>
        <source>None</source>
        <translation>Aucune</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="488"/>
        <source>Checking the relay…</source>
        <translation>Vérification du relais…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="524"/>
        <source>The relay works (version {version}).</source>
        <translation>Le relais fonctionne (version {version}).</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="525"/>
        <source>The relay works.</source>
        <translation>Le relais fonctionne.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="531"/>
        <source>Saving…</source>
        <translation>Enregistrement…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="547"/>
        <source>Saved. {works}</source>
        <translation>Enregistré. {works}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="549"/>
        <source>Saved without checking the relay.</source>
        <translation>Enregistré sans vérifier le relais.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="573"/>
        <source>Disconnect the relay</source>
        <translation>Déconnecter le relais</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="575"/>
        <source>Stop collecting opens, clicks, unsubscribes and signups from {url}? Campaigns sent from now on are not tracked.</source>
        <translation>Ne plus récupérer les ouvertures, clics, désinscriptions et inscriptions depuis {url} ? Les campagnes envoyées à partir de maintenant ne seront pas suivies.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="582"/>
        <source>Disconnecting…</source>
        <translation>Déconnexion…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="598"/>
        <source>Disconnected.</source>
        <translation>Déconnecté.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="621"/>
        <source>Collecting events…</source>
        <translation>Récupération des événements…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/widgets/relay_settings.py" line="630"/>
        <source>%Ln event(s) applied</source>
        <translation>
            <numerusform>%Ln événement pris en compte</numerusform>
            <numerusform>%Ln événements pris en compte</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="719"/>
        <source>Delete the form</source>
        <translation>Supprimer le formulaire</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="721"/>
        <source>Delete the signup form “{name}”? A page still posting to it gets an error.</source>
        <translation>Supprimer le formulaire d’inscription « {name} » ? Une page qui l’utilise encore recevra une erreur.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="746"/>
        <source>The HTML of “{name}” is on the clipboard: paste it into your page.</source>
        <translation>Le HTML de « {name} » est copié dans le presse-papiers : collez-le dans votre page.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="768"/>
        <source>The relay did not get the forms yet: {reason}</source>
        <translation>Le relais n’a pas encore reçu les formulaires : {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="786"/>
        <source>Connect a relay first: the form posts to it.</source>
        <translation>Connectez d’abord un relais : le formulaire lui envoie les inscriptions.</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="742"/>
        <source>Review</source>
        <translation>Récapitulatif</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="769"/>
        <source>Send a test to…</source>
        <translation>Envoyer un test à…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="798"/>
        <source>Campaign name:</source>
        <translation>Nom de la campagne :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="802"/>
        <source>Pre-send check</source>
        <translation>Vérification avant envoi</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="804"/>
        <source>Recipients:</source>
        <translation>Destinataires :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="805"/>
        <source>Left out (unsubscribed, bounced…):</source>
        <translation>Exclus (désabonnés, rejetés…) :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="806"/>
        <source>Missing values:</source>
        <translation>Valeurs manquantes :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="807"/>
        <source>Message size:</source>
        <translation>Taille du message :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="808"/>
        <source>Text version:</source>
        <translation>Version texte :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="866"/>
        <source>Schedule</source>
        <translation>Programmer</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="866"/>
        <source>Send now</source>
        <translation>Envoyer maintenant</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="897"/>
        <source>on {0}</source>
        <translation>le {0}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="898"/>
        <source>now</source>
        <translation>maintenant</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="875"/>
        <source>Template: {0}</source>
        <translation>Modèle : {0}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="780"/>
        <source>Track opens and clicks</source>
        <translation>Suivre les ouvertures et les clics</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="785"/>
        <source>Adds an invisible image and sends links through your relay. Contacts who have not agreed to tracking are not tracked when the account requires consent.</source>
        <translation>Ajoute une image invisible et fait passer les liens par votre relais. Les contacts qui n’ont pas accepté le suivi ne sont pas suivis si le compte d’envoi exige le consentement.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="844"/>
        <source>Opens and clicks are collected by a relay you host: connect one in Settings, Relay tab, to track them.</source>
        <translation>Les ouvertures et les clics sont récupérés par un relais que vous hébergez : pour les suivre, connectez-en un dans Paramètres, onglet Relais.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="876"/>
        <source>Audience: {0}</source>
        <translation>Destinataires : {0}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="880"/>
        <source>Except: {0}</source>
        <translation>Sauf : {0}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="882"/>
        <source>Account: {0}</source>
        <translation>Compte d’envoi : {0}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="883"/>
        <source>Sending: {0}</source>
        <translation>Envoi : {0}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="893"/>
        <source>{schedule}; next on {date}</source>
        <translation>{schedule} ; prochain envoi le {date}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="901"/>
        <source>list</source>
        <translation>liste</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="901"/>
        <source>tag</source>
        <translation>étiquette</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="901"/>
        <source>segment</source>
        <translation>segment</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="905"/>
        <source>all contacts</source>
        <translation>tous les contacts</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="908"/>
        <source>{kind} “{name}”</source>
        <translation>{kind} « {name} »</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="925"/>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/campaign_wizard.py" line="941"/>
        <source>{field}: empty for %Ln contact(s)</source>
        <translation>
            <numerusform>{field} : vide pour %Ln contact</numerusform>
            <numerusform>{field} : vide pour %Ln contacts</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="944"/>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="956"/>
        <source>None</source>
        <translation>Aucune</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="946"/>
        <source>{size} (limit {limit})</source>
        <translation>{size} (limite : {limit})</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="952"/>
        <source>Generated from the HTML</source>
        <translation>Générée à partir du HTML</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="954"/>
        <source>Written in the template</source>
        <translation>Rédigée dans le modèle</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="991"/>
        <source>Send a test</source>
        <translation>Envoyer un test</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="992"/>
        <source>Send a test message to the address:</source>
        <translation>Envoyer un message de test à l’adresse :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="1004"/>
        <source>Sending a test to {0}…</source>
        <translation>Envoi d’un test à {0}…</translation>
    </message>
</context>
<context>
    <name>RuleBuilder</name>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="112"/>
        <source>This rule is not valid: {0}</source>
        <translation>Cette règle n’est pas valide : {0}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="119"/>
        <source>This rule cannot be shown in the editor: {0}</source>
        <translation>Cette règle ne peut pas être affichée dans l’éditeur : {0}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="137"/>
        <source>a value of “is one of” contains a comma.</source>
        <translation>une valeur de « fait partie de » contient une virgule.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="224"/>
        <source>Counting…</source>
        <translation>Calcul en cours…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/rule_builder.py" line="238"/>
        <source>1 matching contact</source>
        <translation>1 contact correspondant</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/widgets/rule_builder.py" line="240"/>
        <source>%n matching contacts</source>
        <translation>
            <numerusform>%n contact correspondant</numerusform>
            <numerusform>%n contacts correspondants</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RuleDialog</name>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="306"/>
        <source>New rule</source>
        <translation>Nouvelle règle</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="308"/>
        <source>Edit the rule “{name}”</source>
        <translation>Modifier la règle « {name} »</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="319"/>
        <source>e.g. Welcome mail</source>
        <translation>ex. : E-mail de bienvenue</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="320"/>
        <source>Name:</source>
        <translation>Nom :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="361"/>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="366"/>
        <source>A contact is created</source>
        <translation>Un contact est créé</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="367"/>
        <source>A tag is added to a contact</source>
        <translation>Une étiquette est ajoutée à un contact</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="368"/>
        <source>A contact is added to a list</source>
        <translation>Un contact est ajouté à une liste</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="369"/>
        <source>A contact unsubscribes</source>
        <translation>Un contact se désabonne</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="370"/>
        <source>A contact opens a mail (tracked mail, first open)</source>
        <translation>Un contact ouvre un e-mail (e-mail suivi, première ouverture)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="371"/>
        <source>A contact clicks a link in a mail</source>
        <translation>Un contact clique sur un lien dans un e-mail</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="372"/>
        <source>A contact signs up through a form (once confirmed)</source>
        <translation>Un contact s’inscrit via un formulaire (une fois l’inscription confirmée)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="373"/>
        <source>On a contact&apos;s birthday</source>
        <translation>Le jour de l’anniversaire d’un contact</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="374"/>
        <source>On a date of the contact (renewal, appointment…)</source>
        <translation>À une date propre au contact (renouvellement, rendez-vous…)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="375"/>
        <source>A custom event happens (from your site or the command line)</source>
        <translation>Un événement personnalisé se produit (depuis votre site ou la ligne de commande)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="389"/>
        <source>any tag</source>
        <translation>n’importe quelle étiquette</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="390"/>
        <source>Leave empty for any tag.</source>
        <translation>Laissez vide pour n’importe quelle étiquette.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="391"/>
        <source>Tag:</source>
        <translation>Étiquette :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="400"/>
        <source>List:</source>
        <translation>Liste :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="411"/>
        <location filename="../../ui/dialogs/rule_dialog.py" line="438"/>
        <source>Custom field holding the date:</source>
        <translation>Champ personnalisé contenant la date :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="412"/>
        <location filename="../../ui/dialogs/rule_dialog.py" line="440"/>
        <source>From:</source>
        <translation>À partir de :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="414"/>
        <source>Every year, in French time (Europe/Paris).</source>
        <translation>Chaque année, en heure française (Europe/Paris).</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="423"/>
        <source>e.g. renewal</source>
        <translation>ex. : renouvellement</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="429"/>
        <source>day(s) before the date</source>
        <translation>jour(s) avant la date</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="430"/>
        <source>day(s) after the date</source>
        <translation>jour(s) après la date</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="436"/>
        <source>Every year (on the anniversary of the date)</source>
        <translation>Chaque année (à la date anniversaire)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="439"/>
        <source>When:</source>
        <translation>Quand :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="444"/>
        <source>Dates and hours are read in French time (Europe/Paris).</source>
        <translation>Les dates et les heures sont lues en heure française (Europe/Paris).</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="453"/>
        <source>e.g. signup, order.paid</source>
        <translation>ex. : signup, order.paid</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="454"/>
        <source>Event name:</source>
        <translation>Nom de l’événement :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="463"/>
        <source>Who</source>
        <translation>Qui</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="465"/>
        <source>Only for contacts matching:</source>
        <translation>Uniquement pour les contacts correspondant aux critères :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="476"/>
        <source>Do (in this order)</source>
        <translation>Actions (dans cet ordre)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="480"/>
        <source>Add an action</source>
        <translation>Ajouter une action</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="490"/>
        <source>Options</source>
        <translation>Options</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="494"/>
        <source>Transactional (password reset, order confirmation): also sent to contacts who unsubscribed from marketing</source>
        <translation>Transactionnelle (réinitialisation de mot de passe, confirmation de commande) : envoyée aussi aux contacts désabonnés des envois marketing</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="501"/>
        <source>At most once per contact every</source>
        <translation>Au plus une fois par contact sur</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="510"/>
        <source>minute(s)</source>
        <translation>minute(s)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="510"/>
        <source>hour(s)</source>
        <translation>heure(s)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="510"/>
        <source>day(s)</source>
        <translation>jour(s)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="522"/>
        <source>Enabled (uncheck to pause the rule)</source>
        <translation>Activée (décochez pour mettre la règle en pause)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/rule_dialog.py" line="579"/>
        <source>Any list</source>
        <translation>N’importe quelle liste</translation>
    </message>
</context>
<context>
    <name>RulesModel</name>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="180"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="181"/>
        <source>When</source>
        <translation>Déclencheur</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="182"/>
        <source>Actions</source>
        <translation>Actions</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="183"/>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="184"/>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="185"/>
        <source>Fired</source>
        <translation>Déclenchements</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="186"/>
        <source>Last fired</source>
        <translation>Dernier déclenchement</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="210"/>
        <source>Transactional</source>
        <translation>Transactionnelle</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="210"/>
        <source>Marketing</source>
        <translation>Marketing</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="212"/>
        <source>Enabled</source>
        <translation>Activée</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="212"/>
        <source>Paused</source>
        <translation>Mise en pause</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/automations_page.py" line="221"/>
        <source>%n failure(s)</source>
        <translation>
            <numerusform>%n échec</numerusform>
            <numerusform>%n échecs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RulesTab</name>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="426"/>
        <source>New…</source>
        <translation>Créer…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="427"/>
        <source>Edit…</source>
        <translation>Modifier…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="428"/>
        <location filename="../../ui/pages/automations_page.py" line="478"/>
        <source>Pause</source>
        <translation>Mettre en pause</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="429"/>
        <source>Delete…</source>
        <translation>Supprimer…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="478"/>
        <source>Resume</source>
        <translation>Reprendre</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="516"/>
        <source>The rule “{name}” was saved.</source>
        <translation>La règle « {name} » a été enregistrée.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="532"/>
        <source>Delete the rule “{name}”? The mails it already sent stay in the activity.</source>
        <translation>Supprimer la règle « {name} » ? Les e-mails qu’elle a déjà envoyés restent visibles dans la page Activité.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="534"/>
        <source>Delete the rule</source>
        <translation>Supprimer la règle</translation>
    </message>
</context>
<context>
    <name>RunFiguresModel</name>
    <message>
        <location filename="../../ui/models/stats_models.py" line="171"/>
        <source>Occurrence</source>
        <translation>Occurrence</translation>
    </message>
    <message>
        <location filename="../../ui/models/stats_models.py" line="172"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location filename="../../ui/models/stats_models.py" line="173"/>
        <source>Sent</source>
        <translation>Envoyés</translation>
    </message>
    <message>
        <location filename="../../ui/models/stats_models.py" line="174"/>
        <source>Opened</source>
        <translation>Ouvertures</translation>
    </message>
    <message>
        <location filename="../../ui/models/stats_models.py" line="175"/>
        <source>Clicked</source>
        <translation>Clics</translation>
    </message>
    <message>
        <location filename="../../ui/models/stats_models.py" line="176"/>
        <source>Bounced</source>
        <translation>Rebonds</translation>
    </message>
    <message>
        <location filename="../../ui/models/stats_models.py" line="177"/>
        <source>Unsubscribed</source>
        <translation>Désinscriptions</translation>
    </message>
</context>
<context>
    <name>RunStatus</name>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="48"/>
        <source>Dismissed</source>
        <translation>Ignorée</translation>
    </message>
</context>
<context>
    <name>RunsModel</name>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="75"/>
        <source>Occurrence</source>
        <translation>Occurrence</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="76"/>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="77"/>
        <source>Sent</source>
        <translation>Envoyés</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="78"/>
        <source>Failed</source>
        <translation>En échec</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="79"/>
        <source>Not sent</source>
        <translation>Non envoyés</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="80"/>
        <source>Opened</source>
        <translation>Ouvertures</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="81"/>
        <source>Clicked</source>
        <translation>Clics</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="82"/>
        <source>Bounced</source>
        <translation>Rebonds</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="83"/>
        <source>Unsubscribed</source>
        <translation>Désinscriptions</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="84"/>
        <source>Started</source>
        <translation>Début</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="85"/>
        <source>Finished</source>
        <translation>Fin</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="119"/>
        <source>Not sent: Facteur was not running at that time (computer off or asleep). Send it now, or dismiss it.</source>
        <translation>Non envoyée : Facteur n’était pas lancé à ce moment-là (ordinateur éteint ou en veille). Envoyez-la maintenant ou ignorez-la.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="123"/>
        <source>Missed, and left unsent.</source>
        <translation>Manquée, et laissée sans envoi.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="136"/>
        <source>{sent} / {total}</source>
        <translation>{sent} / {total}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="170"/>
        <source>{count} people opened</source>
        <translation>Personnes ayant ouvert : {count}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="172"/>
        <source>{count} people clicked</source>
        <translation>Personnes ayant cliqué : {count}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="183"/>
        <source>Contacts left out: unsubscribed, bounced or complained.</source>
        <translation>Contacts exclus : désabonnés, rejetés ou ayant signalé un spam.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="185"/>
        <source>Open rate: the share of mail sent opened at least once.</source>
        <translation>Taux d’ouverture : part des e-mails envoyés ouverts au moins une fois.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_runs_dialog.py" line="187"/>
        <source>Click rate: the share of mail sent with at least one link clicked.</source>
        <translation>Taux de clic : part des e-mails envoyés dont au moins un lien a été cliqué.</translation>
    </message>
</context>
<context>
    <name>SchedulePage</name>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="608"/>
        <source>When</source>
        <translation>Date d’envoi</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="610"/>
        <source>Send as soon as you confirm, once at a date and time, or repeatedly.</source>
        <translation>Envoyer dès votre confirmation, une seule fois à une date et une heure précises, ou de façon récurrente.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="618"/>
        <source>Send once on:</source>
        <translation>Envoyer une seule fois le :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="620"/>
        <source>Repeat on a schedule</source>
        <translation>Envoyer de façon récurrente</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="616"/>
        <source>Send now</source>
        <translation>Envoyer maintenant</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="727"/>
        <source>Choose a time in the future.</source>
        <translation>Choisissez une date et une heure à venir.</translation>
    </message>
</context>
<context>
    <name>ScheduleStrip</name>
    <message>
        <location filename="../../ui/widgets/schedule_strip.py" line="145"/>
        <location filename="../../ui/widgets/schedule_strip.py" line="154"/>
        <location filename="../../ui/widgets/schedule_strip.py" line="312"/>
        <source>{campaign} — {time}</source>
        <extracomment>The last state read (``None`` before the first read). Missed run id -&gt; its (Send now, Dismiss) actions in the menu. The quit warning is open.</extracomment>
        <translation>{campaign} — {time}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schedule_strip.py" line="150"/>
        <source>Next: {sends}</source>
        <translation>À venir : {sends}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schedule_strip.py" line="152"/>
        <source>No scheduled sends</source>
        <translation>Aucun envoi programmé</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schedule_strip.py" line="159"/>
        <source>Next sequence step: {time}</source>
        <translation>Prochaine étape de séquence : {time}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/widgets/schedule_strip.py" line="173"/>
        <source>%n missed send(s)</source>
        <translation>
            <numerusform>%n envoi manqué</numerusform>
            <numerusform>%n envois manqués</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schedule_strip.py" line="176"/>
        <source>These scheduled sends were due while Facteur was not running, and later than the grace period set in Settings. Send each now, or dismiss it.</source>
        <translation>Ces envois programmés étaient prévus alors que Facteur n’était pas lancé, et le délai de grâce défini dans les Paramètres est dépassé. Envoyez chacun maintenant, ou ignorez-le.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schedule_strip.py" line="182"/>
        <source>{campaign} — due {time}</source>
        <translation>{campaign} — prévu le {time}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schedule_strip.py" line="189"/>
        <source>Send now</source>
        <translation>Envoyer maintenant</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schedule_strip.py" line="190"/>
        <source>Dismiss</source>
        <translation>Ignorer</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schedule_strip.py" line="201"/>
        <source>Sending is done by {who}: it goes on when Facteur is closed.</source>
        <translation>Les envois sont assurés par {who} : ils continuent quand Facteur est fermé.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schedule_strip.py" line="253"/>
        <location filename="../../ui/widgets/schedule_strip.py" line="274"/>
        <source>Quit Facteur?</source>
        <translation>Quitter Facteur ?</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schedule_strip.py" line="258"/>
        <source>Quit anyway</source>
        <translation>Quitter quand même</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schedule_strip.py" line="260"/>
        <source>Keep running</source>
        <translation>Laisser Facteur actif</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schedule_strip.py" line="279"/>
        <source>Scheduled sends go on while Facteur is closed here: {holder} sends for this database.</source>
        <translation>Les envois programmés continuent même si Facteur est fermé ici : {holder} assure les envois pour cette base de données.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schedule_strip.py" line="283"/>
        <source>Next: {campaign} — {time}</source>
        <translation>Prochain envoi : {campaign} — {time}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schedule_strip.py" line="287"/>
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schedule_strip.py" line="289"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schedule_strip.py" line="303"/>
        <source>These scheduled sends will not go out until Facteur is opened again:</source>
        <translation>Ces envois programmés ne partiront pas avant la prochaine ouverture de Facteur :</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schedule_strip.py" line="307"/>
        <source>“{campaign}”, sending now: it stops, and goes on when Facteur is opened again</source>
        <translation>« {campaign} », en cours d’envoi : l’envoi s’interrompt et reprendra à la prochaine ouverture de Facteur</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schedule_strip.py" line="316"/>
        <source>(recurring)</source>
        <translation>(récurrente)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schedule_strip.py" line="321"/>
        <source>Sequence mails, the next one due {time}</source>
        <translation>E-mails de séquences, le prochain prévu le {time}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schedule_strip.py" line="329"/>
        <source>A send missed by less than {delay} still goes out when Facteur is opened again; later ones wait at the bottom of the window for you to send or dismiss.</source>
        <translation>Un envoi manqué de moins de {delay} part quand même à la prochaine ouverture de Facteur ; au-delà, il attend en bas de la fenêtre que vous l’envoyiez ou l’ignoriez.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schedule_strip.py" line="335"/>
        <source>Missed sends wait at the bottom of the window for you to send or dismiss.</source>
        <translation>Les envois manqués attendent en bas de la fenêtre que vous les envoyiez ou les ignoriez.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schedule_strip.py" line="339"/>
        <source>To keep them going, keep Facteur running, or turn on “Start Facteur when I log in” in Settings.</source>
        <translation>Pour qu’ils partent quand même, laissez Facteur actif, ou cochez « Démarrer Facteur à l’ouverture de session » dans les Paramètres.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/widgets/schedule_strip.py" line="348"/>
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n heure</numerusform>
            <numerusform>%n heures</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/widgets/schedule_strip.py" line="349"/>
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minute</numerusform>
            <numerusform>%n minutes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SecretEdit</name>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="100"/>
        <location filename="../../ui/widgets/relay_settings.py" line="116"/>
        <source>Show</source>
        <translation>Afficher</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="101"/>
        <source>Show or hide what is typed</source>
        <translation>Afficher ou masquer la saisie</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/relay_settings.py" line="116"/>
        <source>Hide</source>
        <translation>Masquer</translation>
    </message>
</context>
<context>
    <name>SegmentDialog</name>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="418"/>
        <source>Edit segment</source>
        <translation>Modifier le segment</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="418"/>
        <source>New segment</source>
        <translation>Nouveau segment</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="427"/>
        <source>Use Rename… in the list to change the name.</source>
        <translation>Pour changer le nom, utilisez « Renommer… » dans l’onglet Segments.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/audiences_page.py" line="442"/>
        <source>Name:</source>
        <translation>Nom :</translation>
    </message>
</context>
<context>
    <name>SendingBridge</name>
    <message>
        <location filename="../../ui/sending.py" line="259"/>
        <source>another process</source>
        <extracomment>Who runs the senders when it is not this app (&quot;&quot; when this app does).</extracomment>
        <translation>un autre processus</translation>
    </message>
    <message>
        <location filename="../../ui/sending.py" line="261"/>
        <source>the daemon</source>
        <translation>le service Facteur (daemon)</translation>
    </message>
    <message>
        <location filename="../../ui/sending.py" line="262"/>
        <source>the Facteur app</source>
        <translation>l’application Facteur</translation>
    </message>
    <message>
        <location filename="../../ui/sending.py" line="263"/>
        <source>a command-line send</source>
        <translation>un envoi en ligne de commande</translation>
    </message>
    <message>
        <location filename="../../ui/sending.py" line="265"/>
        <source>{kind} on {host} (pid {pid})</source>
        <translation>{kind} sur {host} (pid {pid})</translation>
    </message>
</context>
<context>
    <name>SequenceDialog</name>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="228"/>
        <source>New sequence</source>
        <translation>Nouvelle séquence</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="230"/>
        <source>Edit the sequence “{name}”</source>
        <translation>Modifier la séquence « {name} »</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="237"/>
        <source>Contacts already in the sequence keep the mails already sent; changes apply to the mails not sent yet.</source>
        <translation>Les contacts déjà inscrits à la séquence gardent les e-mails déjà envoyés ; les modifications s’appliquent aux e-mails pas encore envoyés.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="254"/>
        <source>e.g. Onboarding</source>
        <translation>ex. : Accueil des nouveaux clients</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="255"/>
        <source>Name:</source>
        <translation>Nom :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="262"/>
        <source>Sent through the account:</source>
        <translation>Envoyée par le compte :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="271"/>
        <source>Transactional: also sent to contacts who unsubscribed from marketing (never to bounced addresses)</source>
        <translation>Transactionnelle : envoyée aussi aux contacts désabonnés des envois marketing (jamais aux adresses rejetées)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="278"/>
        <source>Enabled (uncheck to pause the sequence)</source>
        <translation>Activée (décochez pour mettre la séquence en pause)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="317"/>
        <source>Mails</source>
        <translation>E-mails</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="321"/>
        <source>Add a mail</source>
        <translation>Ajouter un e-mail</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="333"/>
        <source>Send only during a window</source>
        <translation>Envoyer uniquement pendant une plage d’envoi</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="348"/>
        <source>Days:</source>
        <translation>Jours :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="355"/>
        <source>00:00 means midnight at the end of the day.</source>
        <translation>00:00 correspond à minuit, à la fin de la journée.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="357"/>
        <source>from</source>
        <translation>de</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="359"/>
        <source>to</source>
        <translation>à</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="362"/>
        <source>Hours:</source>
        <translation>Heures :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="366"/>
        <source>the contact&apos;s (their “timezone” field, else the account&apos;s)</source>
        <translation>celui du contact (son champ « timezone », sinon celui du compte)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="368"/>
        <source>the sending account&apos;s</source>
        <translation>celui du compte d’envoi</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="369"/>
        <source>Timezone:</source>
        <translation>Fuseau horaire :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="375"/>
        <source>Leaving the sequence</source>
        <translation>Sortie de la séquence</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="379"/>
        <source>A contact always leaves when they unsubscribe (a transactional sequence goes on unless “unsubscribed” is a goal below), or when removed by hand.</source>
        <translation>Un contact sort toujours de la séquence quand il se désabonne (une séquence transactionnelle continue, sauf si « unsubscribed » figure parmi les événements ci-dessous), ou quand il en est retiré manuellement.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="386"/>
        <source>And when one of these events happens to them:</source>
        <translation>Et quand l’un de ces événements se produit pour lui :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="394"/>
        <source>event name, e.g. purchase</source>
        <translation>nom de l’événement, ex. : achat</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="399"/>
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="401"/>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="435"/>
        <source>There is no template yet: write one on the Templates page first.</source>
        <translation>Aucun modèle pour l’instant : rédigez-en d’abord un dans la page Modèles.</translation>
    </message>
</context>
<context>
    <name>SequenceTimeline</name>
    <message>
        <location filename="../../ui/widgets/sequence_timeline.py" line="26"/>
        <source>Day {n}</source>
        <translation>Jour {n}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sequence_timeline.py" line="28"/>
        <source>{day} + {time}</source>
        <translation>{day} + {time}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sequence_timeline.py" line="38"/>
        <source>0 s</source>
        <translation>0 s</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sequence_timeline.py" line="43"/>
        <source>{n} d</source>
        <translation>{n} j</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sequence_timeline.py" line="44"/>
        <source>{n} h</source>
        <translation>{n} h</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sequence_timeline.py" line="45"/>
        <source>{n} min</source>
        <translation>{n} min</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sequence_timeline.py" line="46"/>
        <source>{n} s</source>
        <translation>{n} s</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sequence_timeline.py" line="92"/>
        <source>{when}: {template}</source>
        <translation>{when} : {template}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sequence_timeline.py" line="99"/>
        <source>No step yet</source>
        <translation>Aucune étape pour l’instant</translation>
    </message>
</context>
<context>
    <name>SequencesModel</name>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="237"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="238"/>
        <source>Mails</source>
        <translation>E-mails</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="239"/>
        <source>Window</source>
        <translation>Plage d’envoi</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="240"/>
        <source>Goal events</source>
        <translation>Événements objectifs</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="241"/>
        <source>In progress</source>
        <translation>En cours</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="242"/>
        <source>Completed</source>
        <translation>Terminés</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="243"/>
        <source>Left</source>
        <translation>Sortis</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="244"/>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="276"/>
        <source>Enabled</source>
        <translation>Activée</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="276"/>
        <source>Paused</source>
        <translation>Mise en pause</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="278"/>
        <source>Contacts also leave when they unsubscribe.</source>
        <translation>Les contacts sortent aussi de la séquence quand ils se désabonnent.</translation>
    </message>
</context>
<context>
    <name>SequencesTab</name>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="556"/>
        <source>New…</source>
        <translation>Créer…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="557"/>
        <source>Edit…</source>
        <translation>Modifier…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="558"/>
        <location filename="../../ui/pages/automations_page.py" line="664"/>
        <source>Pause</source>
        <translation>Mettre en pause</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="560"/>
        <source>Delete…</source>
        <translation>Supprimer…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="563"/>
        <source>Enroll contacts…</source>
        <translation>Inscrire des contacts…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="592"/>
        <source>Remove from sequence</source>
        <translation>Retirer de la séquence</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="664"/>
        <source>Resume</source>
        <translation>Reprendre</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="673"/>
        <source>Choose a sequence to see its contacts</source>
        <translation>Choisissez une séquence pour voir ses contacts</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="679"/>
        <source>“{name}”</source>
        <translation>« {name} »</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="717"/>
        <source>The latest {shown} of {total} enrolled contacts.</source>
        <translation>Les {shown} derniers des {total} contacts inscrits.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/automations_page.py" line="722"/>
        <source>%n enrolled contact(s).</source>
        <translation>
            <numerusform>%n contact inscrit.</numerusform>
            <numerusform>%n contacts inscrits.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="795"/>
        <source>The sequence “{name}” was saved.</source>
        <translation>La séquence « {name} » a été enregistrée.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/automations_page.py" line="805"/>
        <source>%n contact(s) enrolled in “{name}”.</source>
        <translation>
            <numerusform>%n contact inscrit à « {name} ».</numerusform>
            <numerusform>%n contacts inscrits à « {name} ».</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/automations_page.py" line="810"/>
        <source>%n left out (already enrolled, or may not receive it).</source>
        <translation>
            <numerusform>%n exclu (déjà inscrit, ou ne pouvant pas la recevoir).</numerusform>
            <numerusform>%n exclus (déjà inscrits, ou ne pouvant pas la recevoir).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="829"/>
        <source>Delete the sequence “{name}”? Its contacts get no further mail from it; the mails already sent stay in the activity.</source>
        <translation>Supprimer la séquence « {name} » ? Ses contacts n’en recevront plus aucun e-mail ; les e-mails déjà envoyés restent visibles dans la page Activité.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="832"/>
        <source>Delete the sequence</source>
        <translation>Supprimer la séquence</translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="845"/>
        <source>Take {email} out of “{name}”? They get no further mail from it.</source>
        <translation>Retirer {email} de « {name} » ? Ce contact n’en recevra plus aucun e-mail.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/automations_page.py" line="849"/>
        <source>Take %n contacts out of “{name}”? They get no further mail from it.</source>
        <translation>
            <numerusform>Retirer %n contact de « {name} » ? Il n’en recevra plus aucun e-mail.</numerusform>
            <numerusform>Retirer %n contacts de « {name} » ? Ils n’en recevront plus aucun e-mail.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/pages/automations_page.py" line="853"/>
        <source>Remove from the sequence</source>
        <translation>Retirer de la séquence</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/automations_page.py" line="858"/>
        <source>%n contact(s) removed from “{name}”.</source>
        <translation>
            <numerusform>%n contact retiré de « {name} ».</numerusform>
            <numerusform>%n contacts retirés de « {name} ».</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="61"/>
        <location filename="../../ui/pages/settings_page.py" line="72"/>
        <source>General</source>
        <translation>Général</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="63"/>
        <source>Accounts</source>
        <translation>Comptes d’envoi</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="65"/>
        <source>Relay</source>
        <translation>Relais</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="77"/>
        <source>System language</source>
        <translation>Langue du système</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="85"/>
        <source>Language:</source>
        <translation>Langue :</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="86"/>
        <source>The new language applies when Facteur is restarted.</source>
        <translation>La nouvelle langue s’appliquera au prochain démarrage de Facteur.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="93"/>
        <source>Data</source>
        <translation>Données</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="95"/>
        <source>Data folder:</source>
        <translation>Dossier des données :</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="96"/>
        <source>Database:</source>
        <translation>Base de données :</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="97"/>
        <source>Log file:</source>
        <translation>Fichier journal :</translation>
    </message>
</context>
<context>
    <name>Stats</name>
    <message>
        <location filename="../../ui/models/stats_models.py" line="20"/>
        <source>Automations</source>
        <translation>Automatisations</translation>
    </message>
    <message>
        <location filename="../../ui/models/stats_models.py" line="72"/>
        <source>{count} people opened</source>
        <translation>Personnes ayant ouvert : {count}</translation>
    </message>
    <message>
        <location filename="../../ui/models/stats_models.py" line="76"/>
        <source>{count} people clicked</source>
        <translation>Personnes ayant cliqué : {count}</translation>
    </message>
</context>
<context>
    <name>StepRow</name>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="125"/>
        <source>second(s)</source>
        <translation>seconde(s)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="126"/>
        <source>minute(s)</source>
        <translation>minute(s)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="127"/>
        <source>hour(s)</source>
        <translation>heure(s)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="128"/>
        <source>day(s)</source>
        <translation>jour(s)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="137"/>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="167"/>
        <source>after enrolling</source>
        <translation>après l’inscription</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="138"/>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="167"/>
        <source>after the previous mail</source>
        <translation>après l’e-mail précédent</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="141"/>
        <source>Up</source>
        <translation>Monter</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="143"/>
        <source>Down</source>
        <translation>Descendre</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="145"/>
        <source>Remove</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sequence_dialog.py" line="165"/>
        <source>{n}.</source>
        <translation>{n}.</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="757"/>
        <source>Import finished</source>
        <translation>Import terminé</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="769"/>
        <source>New contacts:</source>
        <translation>Nouveaux contacts :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="770"/>
        <source>Updated contacts:</source>
        <translation>Contacts mis à jour :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="771"/>
        <source>Skipped (already known):</source>
        <translation>Ignorés (déjà connus) :</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="774"/>
        <source>Row</source>
        <translation>Ligne</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="774"/>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="774"/>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="778"/>
        <source>Save rejected rows…</source>
        <translation>Enregistrer les lignes rejetées…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="802"/>
        <source>No row was rejected.</source>
        <translation>Aucune ligne n’a été rejetée.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="806"/>
        <source>{0} rows were rejected; the first {1} are shown. Save them to see all.</source>
        <translation>{0} lignes ont été rejetées ; les {1} premières sont affichées. Enregistrez-les pour toutes les voir.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="812"/>
        <source>Rejected rows: {0}. Save them, correct them and import them again.</source>
        <translation>Lignes rejetées : {0}. Enregistrez-les, corrigez-les puis importez-les à nouveau.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="834"/>
        <source>Save rejected rows</source>
        <translation>Enregistrer les lignes rejetées</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="834"/>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="845"/>
        <source>Saving…</source>
        <translation>Enregistrement…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_wizard.py" line="852"/>
        <source>Saved to {0}</source>
        <translation>Fichier enregistré : {0}</translation>
    </message>
</context>
<context>
    <name>TemplateEditor</name>
    <message>
        <location filename="../../ui/widgets/template_editor.py" line="341"/>
        <source>Name:</source>
        <translation>Nom :</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_editor.py" line="344"/>
        <source>Subject:</source>
        <translation>Objet :</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_editor.py" line="348"/>
        <source>Advanced</source>
        <translation>Options avancées</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_editor.py" line="359"/>
        <location filename="../../ui/widgets/template_editor.py" line="364"/>
        <source>The sending account&apos;s</source>
        <translation>Celle du compte d’envoi</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_editor.py" line="360"/>
        <source>From:</source>
        <translation>Expéditeur :</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_editor.py" line="365"/>
        <source>Reply-To:</source>
        <translation>Répondre à :</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_editor.py" line="372"/>
        <source>Leave empty to send a text version made from the HTML.</source>
        <translation>Laissez vide pour envoyer une version texte générée à partir du HTML.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_editor.py" line="376"/>
        <location filename="../../ui/widgets/template_editor.py" line="680"/>
        <source>HTML</source>
        <translation>HTML</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_editor.py" line="377"/>
        <location filename="../../ui/widgets/template_editor.py" line="681"/>
        <source>Text</source>
        <translation>Texte</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_editor.py" line="382"/>
        <source>Insert variable</source>
        <translation>Insérer une variable</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_editor.py" line="403"/>
        <source>Add…</source>
        <translation>Ajouter…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_editor.py" line="405"/>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_editor.py" line="411"/>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_editor.py" line="437"/>
        <source>Attachments:</source>
        <translation>Pièces jointes :</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_editor.py" line="584"/>
        <source>Attach files</source>
        <translation>Joindre des fichiers</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_editor.py" line="611"/>
        <source>{name} ({size})</source>
        <translation>{name} ({size})</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_editor.py" line="679"/>
        <source>Subject</source>
        <translation>Objet</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_editor.py" line="684"/>
        <source>{part}: {message}</source>
        <translation>{part} : {message}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_editor.py" line="685"/>
        <source>{part}, line {line}: {message}</source>
        <translation>{part}, ligne {line} : {message}</translation>
    </message>
</context>
<context>
    <name>TemplatePage</name>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="329"/>
        <source>Template</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="330"/>
        <source>Choose the message to send.</source>
        <translation>Choisissez le message à envoyer.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/campaign_wizard.py" line="334"/>
        <source>There is no template yet: write one on the Templates page first.</source>
        <translation>Aucun modèle pour l’instant : rédigez-en d’abord un dans la page Modèles.</translation>
    </message>
</context>
<context>
    <name>TemplatesModel</name>
    <message>
        <location filename="../../ui/pages/templates_page.py" line="82"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ui/pages/templates_page.py" line="84"/>
        <source>Changed</source>
        <translation>Modifié le</translation>
    </message>
</context>
<context>
    <name>TemplatesPage</name>
    <message>
        <location filename="../../ui/pages/templates_page.py" line="105"/>
        <source>New</source>
        <translation>Nouveau</translation>
    </message>
    <message>
        <location filename="../../ui/pages/templates_page.py" line="107"/>
        <source>Duplicate</source>
        <translation>Dupliquer</translation>
    </message>
    <message>
        <location filename="../../ui/pages/templates_page.py" line="109"/>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <location filename="../../ui/pages/templates_page.py" line="249"/>
        <source>New template</source>
        <translation>Nouveau modèle</translation>
    </message>
    <message>
        <location filename="../../ui/pages/templates_page.py" line="252"/>
        <source>Unsaved changes</source>
        <translation>Modifications non enregistrées</translation>
    </message>
    <message>
        <location filename="../../ui/pages/templates_page.py" line="253"/>
        <source>Save the changes to “{name}”?</source>
        <translation>Enregistrer les modifications de « {name} » ?</translation>
    </message>
    <message>
        <location filename="../../ui/pages/templates_page.py" line="282"/>
        <source> (copy)</source>
        <translation> (copie)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/templates_page.py" line="282"/>
        <source> (copy {n})</source>
        <translation> (copie {n})</translation>
    </message>
    <message>
        <location filename="../../ui/pages/templates_page.py" line="316"/>
        <source>Delete the template</source>
        <translation>Supprimer le modèle</translation>
    </message>
    <message>
        <location filename="../../ui/pages/templates_page.py" line="317"/>
        <source>Delete the template “{name}”? This cannot be undone.</source>
        <translation>Supprimer le modèle « {name} » ? Cette action est irréversible.</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="80"/>
        <source>Mail sent</source>
        <translation>E-mail envoyé</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="81"/>
        <source>Sending failed</source>
        <translation>Échec de l’envoi</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="82"/>
        <source>Waiting to be sent</source>
        <translation>En attente d’envoi</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="83"/>
        <source>Not sent</source>
        <translation>Non envoyé</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="84"/>
        <source>Opened</source>
        <translation>E-mail ouvert</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="85"/>
        <source>Clicked a link</source>
        <translation>Clic sur un lien</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="86"/>
        <source>Unsubscribed</source>
        <translation>Désinscription</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="87"/>
        <source>Bounced</source>
        <translation>Rebond</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="88"/>
        <source>Marked as spam</source>
        <translation>Signalé comme spam</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="89"/>
        <source>Signed up</source>
        <translation>Inscription</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="90"/>
        <source>Confirmed the sign-up</source>
        <translation>Inscription confirmée</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="91"/>
        <source>Event</source>
        <translation>Événement</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="126"/>
        <source>Probably automatic (a mail app loading images in advance, or a link scanner): not counted in the statistics.</source>
        <translation>Probablement automatique (une messagerie qui charge les images à l’avance, ou un analyseur de liens) : non comptabilisé dans les statistiques.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/contact_dialog.py" line="132"/>
        <source>{kind} (automatic)</source>
        <translation>{kind} (automatique)</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <location filename="../../ui/tray.py" line="34"/>
        <source>Open Facteur</source>
        <translation>Ouvrir Facteur</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="35"/>
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="73"/>
        <source>Facteur — sending is done by {who}</source>
        <translation>Facteur — les envois sont assurés par {who}</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="77"/>
        <source>Facteur — sending “{name}”: {done} / {total}</source>
        <translation>Facteur — envoi de « {name} » : {done} / {total}</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="94"/>
        <source>Campaign sent</source>
        <translation>Campagne envoyée</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="95"/>
        <source>Sending “{name}” is finished.</source>
        <translation>L’envoi de « {name} » est terminé.</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="101"/>
        <source>Campaign paused</source>
        <translation>Campagne mise en pause</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="102"/>
        <source>“{name}” was paused: {reason}</source>
        <translation>La campagne « {name} » a été mise en pause : {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="109"/>
        <source>“{name}” was due while Facteur was not running.</source>
        <translation>La campagne « {name} » était prévue alors que Facteur n’était pas lancé.</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="111"/>
        <source>“{name}” was due at {time} while Facteur was not running.</source>
        <translation>La campagne « {name} » était prévue le {time} alors que Facteur n’était pas lancé.</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="115"/>
        <source>Missed send</source>
        <translation>Envoi manqué</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="116"/>
        <source>Send it or dismiss it from the bar at the bottom of the window.</source>
        <translation>Envoyez-la ou ignorez-la depuis la barre en bas de la fenêtre.</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../ui/errors.py" line="97"/>
        <source>the log file</source>
        <translation>le fichier journal</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="98"/>
        <source>An unexpected error occurred. Details were written to {0}.</source>
        <translation>Une erreur inattendue s’est produite. Les détails ont été enregistrés dans {0}.</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="107"/>
        <source>Unexpected error</source>
        <translation>Erreur inattendue</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="110"/>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
</context>
</TS>
