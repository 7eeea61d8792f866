<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="en">
<context>
    <name>ActivityPage</name>
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
            <numerusform>%Ln message will be sent again.</numerusform>
            <numerusform>%Ln messages will be sent again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AudiencePage</name>
    <message numerus="yes">
        <location filename="../../ui/dialogs/campaign_wizard.py" line="564"/>
        <source>%Ln recipient(s)</source>
        <translation>
            <numerusform>%Ln recipient</numerusform>
            <numerusform>%Ln recipients</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/campaign_wizard.py" line="567"/>
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
        <location filename="../../ui/pages/campaigns_page.py" line="594"/>
        <source>Schedule “{name}”? {schedule}. Each send goes to the audience of the day: %Ln recipient(s) today.</source>
        <translation>
            <numerusform>Schedule “{name}”? {schedule}. Each send goes to the audience of the day: %Ln recipient today.</numerusform>
            <numerusform>Schedule “{name}”? {schedule}. Each send goes to the audience of the day: %Ln recipients today.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/campaigns_page.py" line="603"/>
        <source>Schedule “{name}” for {when}: %Ln recipient(s)?</source>
        <translation>
            <numerusform>Schedule “{name}” for {when}: %Ln recipient?</numerusform>
            <numerusform>Schedule “{name}” for {when}: %Ln recipients?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/campaigns_page.py" line="606"/>
        <source>Send “{name}” now to %Ln recipient(s)?</source>
        <translation>
            <numerusform>Send “{name}” now to %Ln recipient?</numerusform>
            <numerusform>Send “{name}” now to %Ln recipients?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/campaigns_page.py" line="612"/>
        <source>%Ln contact(s) of the audience will not receive it (unsubscribed, bounced...).</source>
        <translation>
            <numerusform>%Ln contact of the audience will not receive it (unsubscribed, bounced...).</numerusform>
            <numerusform>%Ln contacts of the audience will not receive it (unsubscribed, bounced...).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/campaigns_page.py" line="663"/>
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
        <location filename="../../ui/pages/contacts_page.py" line="291"/>
        <source>%Ln contact(s)</source>
        <translation>
            <numerusform>%Ln contact</numerusform>
            <numerusform>%Ln contacts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/contacts_page.py" line="504"/>
        <source>%Ln contact(s) deleted.</source>
        <translation>
            <numerusform>%Ln contact deleted.</numerusform>
            <numerusform>%Ln contacts deleted.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/contacts_page.py" line="607"/>
        <source>%Ln contact(s) exported to {0}.</source>
        <translation>
            <numerusform>%Ln contact exported to {0}.</numerusform>
            <numerusform>%Ln contacts exported to {0}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DateTriggerWords</name>
    <message numerus="yes">
        <location filename="../../ui/pages/automations_page.py" line="82"/>
        <source>%n day(s) before the date in «{attribute}» at {hour}</source>
        <translation>
            <numerusform>%n day before the date in «{attribute}» at {hour}</numerusform>
            <numerusform>%n days before the date in «{attribute}» at {hour}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/automations_page.py" line="85"/>
        <source>%n day(s) after the date in «{attribute}» at {hour}</source>
        <translation>
            <numerusform>%n day after the date in «{attribute}» at {hour}</numerusform>
            <numerusform>%n days after the date in «{attribute}» at {hour}</numerusform>
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
    <name>RelaySettings</name>
    <message numerus="yes">
        <location filename="../../ui/widgets/relay_settings.py" line="630"/>
        <source>%Ln event(s) applied</source>
        <translation>
            <numerusform>%Ln event applied</numerusform>
            <numerusform>%Ln events applied</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message numerus="yes">
        <location filename="../../ui/dialogs/campaign_wizard.py" line="941"/>
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
<context>
    <name>RulesModel</name>
    <message numerus="yes">
        <location filename="../../ui/pages/automations_page.py" line="221"/>
        <source>%n failure(s)</source>
        <translation>
            <numerusform>%n failure</numerusform>
            <numerusform>%n failures</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScheduleStrip</name>
    <message numerus="yes">
        <location filename="../../ui/widgets/schedule_strip.py" line="173"/>
        <source>%n missed send(s)</source>
        <translation>
            <numerusform>%n missed send</numerusform>
            <numerusform>%n missed sends</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/widgets/schedule_strip.py" line="348"/>
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n hour</numerusform>
            <numerusform>%n hours</numerusform>
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
    <name>SequencesTab</name>
    <message numerus="yes">
        <location filename="../../ui/pages/automations_page.py" line="722"/>
        <source>%n enrolled contact(s).</source>
        <translation>
            <numerusform>%n enrolled contact.</numerusform>
            <numerusform>%n enrolled contacts.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/automations_page.py" line="805"/>
        <source>%n contact(s) enrolled in “{name}”.</source>
        <translation>
            <numerusform>%n contact enrolled in “{name}”.</numerusform>
            <numerusform>%n contacts enrolled in “{name}”.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/automations_page.py" line="810"/>
        <source>%n left out (already enrolled, or may not receive it).</source>
        <translation>
            <numerusform>%n left out (already enrolled, or may not receive it).</numerusform>
            <numerusform>%n left out (already enrolled, or may not receive it).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/automations_page.py" line="849"/>
        <source>Take %n contacts out of “{name}”? They get no further mail from it.</source>
        <translation>
            <numerusform>Take %n contact out of “{name}”? They get no further mail from it.</numerusform>
            <numerusform>Take %n contacts out of “{name}”? They get no further mail from it.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/automations_page.py" line="858"/>
        <source>%n contact(s) removed from “{name}”.</source>
        <translation>
            <numerusform>%n contact removed from “{name}”.</numerusform>
            <numerusform>%n contacts removed from “{name}”.</numerusform>
        </translation>
    </message>
</context>
</TS>
