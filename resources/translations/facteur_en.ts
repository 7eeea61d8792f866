<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="en">
<context>
    <name>ActivityPage</name>
    <message numerus="yes">
        <location filename="../../ui/pages/activity_page.py" line="195"/>
        <source>%Ln message(s)</source>
        <translation>
            <numerusform>%Ln message</numerusform>
            <numerusform>%Ln messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/activity_page.py" line="303"/>
        <source>%Ln message(s) will be sent again.</source>
        <translation>
            <numerusform>%Ln message will be sent again.</numerusform>
            <numerusform>%Ln messages will be sent again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AudiencePage</name>
    <message numerus="yes">
        <location filename="../../ui/dialogs/campaign_wizard.py" line="537"/>
        <source>%Ln recipient(s)</source>
        <translation>
            <numerusform>%Ln recipient</numerusform>
            <numerusform>%Ln recipients</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/campaign_wizard.py" line="540"/>
        <source>%Ln unsubscribed or bounced contact(s) excluded</source>
        <translation>
            <numerusform>%Ln unsubscribed or bounced contact excluded</numerusform>
            <numerusform>%Ln unsubscribed or bounced contacts excluded</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CampaignsPage</name>
    <message numerus="yes">
        <location filename="../../ui/pages/campaigns_page.py" line="569"/>
        <source>Schedule “{name}” for {when}: %Ln recipient(s)?</source>
        <translation>
            <numerusform>Schedule “{name}” for {when}: %Ln recipient?</numerusform>
            <numerusform>Schedule “{name}” for {when}: %Ln recipients?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/campaigns_page.py" line="572"/>
        <source>Send “{name}” now to %Ln recipient(s)?</source>
        <translation>
            <numerusform>Send “{name}” now to %Ln recipient?</numerusform>
            <numerusform>Send “{name}” now to %Ln recipients?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/campaigns_page.py" line="578"/>
        <source>%Ln contact(s) of the audience will not receive it (unsubscribed, bounced...).</source>
        <translation>
            <numerusform>%Ln contact of the audience will not receive it (unsubscribed, bounced...).</numerusform>
            <numerusform>%Ln contacts of the audience will not receive it (unsubscribed, bounced...).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/campaigns_page.py" line="629"/>
        <source>%Ln failed message(s) will be sent again.</source>
        <translation>
            <numerusform>%Ln failed message will be sent again.</numerusform>
            <numerusform>%Ln failed messages will be sent again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ContactsPage</name>
    <message numerus="yes">
        <location filename="../../ui/pages/contacts_page.py" line="298"/>
        <source>%Ln contact(s)</source>
        <translation>
            <numerusform>%Ln contact</numerusform>
            <numerusform>%Ln contacts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/contacts_page.py" line="511"/>
        <source>%Ln contact(s) deleted.</source>
        <translation>
            <numerusform>%Ln contact deleted.</numerusform>
            <numerusform>%Ln contacts deleted.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/contacts_page.py" line="614"/>
        <source>%Ln contact(s) exported to {0}.</source>
        <translation>
            <numerusform>%Ln contact exported to {0}.</numerusform>
            <numerusform>%Ln contacts exported to {0}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message numerus="yes">
        <location filename="../../ui/dialogs/import_wizard.py" line="347"/>
        <source>%Ln column(s)</source>
        <translation>
            <numerusform>%Ln column</numerusform>
            <numerusform>%Ln columns</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/import_wizard.py" line="350"/>
        <source>The first %Ln row(s):</source>
        <translation>
            <numerusform>The first row:</numerusform>
            <numerusform>The first %Ln rows:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message numerus="yes">
        <location filename="../../ui/dialogs/campaign_wizard.py" line="812"/>
        <source>{field}: empty for %Ln contact(s)</source>
        <translation>
            <numerusform>{field}: empty for %Ln contact</numerusform>
            <numerusform>{field}: empty for %Ln contacts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RuleBuilder</name>
    <message numerus="yes">
        <location filename="../../ui/widgets/rule_builder.py" line="240"/>
        <source>%n matching contacts</source>
        <translation>
            <numerusform>%n matching contact</numerusform>
            <numerusform>%n matching contacts</numerusform>
        </translation>
    </message>
</context>
</TS>
