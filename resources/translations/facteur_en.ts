<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_GB" sourcelanguage="en">
<context>
    <name>ContactsPage</name>
    <message numerus="yes">
        <location filename="../../ui/pages/contacts_page.py" line="300" />
        <source>%Ln contact(s)</source>
        <translation>
            <numerusform>%Ln contact</numerusform>
            <numerusform>%Ln contacts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/contacts_page.py" line="516" />
        <source>%Ln contact(s) deleted.</source>
        <translation>
            <numerusform>%Ln contact deleted.</numerusform>
            <numerusform>%Ln contacts deleted.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/contacts_page.py" line="619" />
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
        <location filename="../../ui/dialogs/import_wizard.py" line="347" />
        <source>%Ln column(s)</source>
        <translation>
            <numerusform>%Ln column</numerusform>
            <numerusform>%Ln columns</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/import_wizard.py" line="350" />
        <source>The first %Ln row(s):</source>
        <translation>
            <numerusform>The first row:</numerusform>
            <numerusform>The first %Ln rows:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RuleBuilder</name>
    <message numerus="yes">
        <location filename="../../ui/widgets/rule_builder.py" line="238" />
        <source>%n matching contacts</source>
        <translation>
            <numerusform>%n matching contact</numerusform>
            <numerusform>%n matching contacts</numerusform>
        </translation>
    </message>
</context>
</TS>