<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
<context>
    <name>Actions</name>
    <message>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Final exit</source>
        <translation>Sortie définitive</translation>
    </message>
    <message>
        <source>Triage {level}</source>
        <translation>Tri {level}</translation>
    </message>
    <message>
        <source>Delete the task {task}?</source>
        <translation>Supprimer la tâche {task} ?</translation>
    </message>
    <message>
        <source>The program {prog} could not be started.</source>
        <translation>Le programme {prog} n&apos;a pas pu être lancé.</translation>
    </message>
    <message>
        <source>Final exit of {name}? The patient leaves the board.</source>
        <translation>Sortie définitive de {name} ? Le patient quitte le tableau.</translation>
    </message>
    <message>
        <source>The note file {file} cannot be found.</source>
        <translation>Le fichier de note {file} est introuvable.</translation>
    </message>
    <message>
        <source>The note file {file} is not a document: the board opens only documents (PDF, text, web pages, pictures, office files).</source>
        <translation>Le fichier de note {file} n&apos;est pas un document : le tableau n&apos;ouvre que des documents (PDF, texte, pages web, images, fichiers bureautiques).</translation>
    </message>
    <message>
        <source>No program opens {file}.</source>
        <translation>Aucun programme n&apos;ouvre {file}.</translation>
    </message>
    <message>
        <source>The action failed and nothing was changed. The error was logged.</source>
        <translation>L&apos;action a échoué et rien n&apos;a été modifié. L&apos;erreur a été journalisée.</translation>
    </message>
    <message>
        <source>The MedinTux note cannot be shown: {why}</source>
        <translation>La note MedinTux ne peut pas être affichée : {why}</translation>
    </message>
    <message>
        <source>The program “{prog}” is not allowed on this screen. An administrator can add it to Programmes_Autorises in the settings ([Interface]).</source>
        <translation>Le programme « {prog} » n&apos;est pas autorisé sur ce poste. Un administrateur peut l&apos;ajouter à Programmes_Autorises dans les paramétrages ([Interface]).</translation>
    </message>
    <message>
        <source>The program “{prog}” is not a full path: the board never looks a program up by its name. Write its full path with the entry.</source>
        <translation>Le programme « {prog} » n&apos;est pas un chemin complet : le tableau ne cherche jamais un programme par son nom. Indiquez son chemin complet dans l&apos;entrée.</translation>
    </message>
    <message>
        <source>The program “{prog}” is a batch file: the board never starts one (the command interpreter would read the patient&apos;s data as commands).</source>
        <translation>Le programme « {prog} » est un fichier de commandes : le tableau n&apos;en lance jamais (l&apos;interpréteur de commandes lirait les données du patient comme des commandes).</translation>
    </message>
    <message>
        <source>The program “{prog}” is not an executable file.</source>
        <translation>Le programme « {prog} » n&apos;est pas un fichier exécutable.</translation>
    </message>
    <message>
        <source>The program {prog} cannot be found. Check the path written with the patient&apos;s entry.</source>
        <translation>Le programme {prog} est introuvable. Vérifiez le chemin indiqué à l&apos;entrée du patient.</translation>
    </message>
    <message>
        <source>The program {prog} cannot be found. Check the path written with the task.</source>
        <translation>Le programme {prog} est introuvable. Vérifiez le chemin indiqué avec la tâche.</translation>
    </message>
</context>
<context>
    <name>Admin</name>
    <message>
        <source>Triage levels…</source>
        <translation>Niveaux de tri…</translation>
    </message>
    <message>
        <source>Triage levels</source>
        <translation>Niveaux de tri</translation>
    </message>
    <message>
        <source>New triage level</source>
        <translation>Nouveau niveau de tri</translation>
    </message>
    <message>
        <source>Edit triage level</source>
        <translation>Modifier le niveau de tri</translation>
    </message>
    <message>
        <source>no target</source>
        <translation>sans délai cible</translation>
    </message>
    <message>
        <source>Target delay to the first medical contact</source>
        <translation>Délai cible avant le premier contact médical</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Ordre</translation>
    </message>
    <message>
        <source>Load the FRENCH scale</source>
        <translation>Charger l&apos;échelle FRENCH</translation>
    </message>
    <message>
        <source>Load the CCMU scale</source>
        <translation>Charger l&apos;échelle CCMU</translation>
    </message>
    <message>
        <source> · within {n} min</source>
        <translation> · sous {n} min</translation>
    </message>
    <message>
        <source> · no target</source>
        <translation> · sans délai cible</translation>
    </message>
    <message>
        <source>{count} patient(s) on the board have the triage level {what}: give them another level first.</source>
        <translation>{count} patient(s) du tableau ont le niveau de tri {what} : donnez-leur d&apos;abord un autre niveau.</translation>
    </message>
    <message>
        <source>Orphan tasks…</source>
        <translation>Tâches orphelines…</translation>
    </message>
    <message>
        <source>Orphan tasks</source>
        <translation>Tâches orphelines</translation>
    </message>
    <message>
        <source>no state</source>
        <translation>sans état</translation>
    </message>
    <message>
        <source>{task} (patient #{pk} gone, task {id})</source>
        <translation>{task} (patient n°{pk} disparu, tâche {id})</translation>
    </message>
    <message>
        <source>These tasks belong to patients who are no longer on the board (2.x deleted the patients and left their tasks). They are not shown on the wall. Give a task to a patient on the board, or archive it.</source>
        <translation>Ces tâches appartiennent à des patients qui ne sont plus sur le tableau (la 2.x supprimait les patients et laissait leurs tâches). Elles ne sont pas affichées sur le mur. Donnez une tâche à un patient du tableau, ou archivez-la.</translation>
    </message>
    <message>
        <source>No orphan task.</source>
        <translation>Aucune tâche orpheline.</translation>
    </message>
    <message>
        <source>Attach to this patient</source>
        <translation>Rattacher à ce patient</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>Archiver</translation>
    </message>
    <message>
        <source>Patients on the board</source>
        <translation>Patients du tableau</translation>
    </message>
    <message>
        <source>The state {what} already has the label {label}: two states cannot share a label.</source>
        <translation>L&apos;état {what} porte déjà le libellé {label} : deux états ne peuvent pas partager un libellé.</translation>
    </message>
    <message>
        <source>2.x database — read only, run synoptux upgrade</source>
        <translation>base 2.x — lecture seule, lancer synoptux upgrade</translation>
    </message>
    <message>
        <source>Boxes…</source>
        <translation>Box…</translation>
    </message>
    <message>
        <source>States…</source>
        <translation>États…</translation>
    </message>
    <message>
        <source>Tasks…</source>
        <translation>Tâches…</translation>
    </message>
    <message>
        <source>Responsibles…</source>
        <translation>Responsables…</translation>
    </message>
    <message>
        <source>Exit destinations…</source>
        <translation>Destinations de sortie…</translation>
    </message>
    <message>
        <source>Absence destinations…</source>
        <translation>Destinations d&apos;absence…</translation>
    </message>
    <message>
        <source>Settings (ini)…</source>
        <translation>Paramétrages (ini)…</translation>
    </message>
    <message>
        <source>Style (css)…</source>
        <translation>Mise en forme (css)…</translation>
    </message>
    <message>
        <source>Change admin PIN…</source>
        <translation>Changer le code d&apos;administration…</translation>
    </message>
    <message>
        <source>Waiting (Attente)</source>
        <translation>Attente</translation>
    </message>
    <message>
        <source>Care (Soins)</source>
        <translation>Soins</translation>
    </message>
    <message>
        <source>Temporary absence (Absence)</source>
        <translation>Absence provisoire</translation>
    </message>
    <message>
        <source>Exit (Sortie)</source>
        <translation>Sortie</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Libellé</translation>
    </message>
    <message>
        <source>Background colour</source>
        <translation>Couleur de fond</translation>
    </message>
    <message>
        <source>Title colour</source>
        <translation>Couleur du titre</translation>
    </message>
    <message>
        <source>Places</source>
        <translation>Nombre de places</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>Déplacer</translation>
    </message>
    <message>
        <source>To box</source>
        <translation>Vers le box</translation>
    </message>
    <message>
        <source>Boxes</source>
        <translation>Box</translation>
    </message>
    <message>
        <source>Move patients…</source>
        <translation>Déplacer les patients…</translation>
    </message>
    <message>
        <source>New box</source>
        <translation>Nouveau box</translation>
    </message>
    <message>
        <source>Edit box</source>
        <translation>Modifier le box</translation>
    </message>
    <message>
        <source>Move the patients of box {code}</source>
        <translation>Déplacer les patients du box {code}</translation>
    </message>
    <message>
        <source>Choose the box that takes them.</source>
        <translation>Choisir le box qui les accueille.</translation>
    </message>
    <message>
        <source>{code} — {label} · {type} · {n} place(s)</source>
        <translation>{code} — {label} · {type} · {n} place(s)</translation>
    </message>
    <message>
        <source>Style (synoptux.css)</source>
        <translation>Mise en forme (synoptux.css)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <source>Last saved</source>
        <translation>Dernière version enregistrée</translation>
    </message>
    <message>
        <source>Shipped default</source>
        <translation>Style d&apos;origine</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Close without saving? The board goes back to the saved style.</source>
        <translation>Fermer sans enregistrer ? Le synoptique reprend le style enregistré.</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Abandonner</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>Continuer</translation>
    </message>
    <message>
        <source>Qt style-sheet warnings:</source>
        <translation>Avertissements de Qt sur la feuille de style :</translation>
    </message>
    <message>
        <source>Modified, not saved.</source>
        <translation>Modifié, non enregistré.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Enregistré.</translation>
    </message>
    <message>
        <source>No warning.</source>
        <translation>Aucun avertissement.</translation>
    </message>
    <message>
        <source>File: {path}</source>
        <translation>Fichier : {path}</translation>
    </message>
    <message>
        <source>Not saved: {why}</source>
        <translation>Non enregistré : {why}</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>Destination</translation>
    </message>
    <message>
        <source>New destination</source>
        <translation>Nouvelle destination</translation>
    </message>
    <message>
        <source>Edit destination</source>
        <translation>Modifier la destination</translation>
    </message>
    <message>
        <source>Exit destinations</source>
        <translation>Destinations de sortie</translation>
    </message>
    <message>
        <source>Absence destinations</source>
        <translation>Destinations d&apos;absence</translation>
    </message>
    <message>
        <source>Saved and applied.</source>
        <translation>Enregistré et appliqué.</translation>
    </message>
    <message>
        <source>Settings (synoptux.ini)</source>
        <translation>Paramétrages (synoptux.ini)</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>Formulaire</translation>
    </message>
    <message>
        <source>Raw text</source>
        <translation>Texte brut</translation>
    </message>
    <message>
        <source>{doc} (expected: {expected})</source>
        <translation>{doc} (attendu : {expected})</translation>
    </message>
    <message>
        <source>Takes effect after a restart.</source>
        <translation>Pris en compte après un redémarrage.</translation>
    </message>
    <message>
        <source>Not saved:</source>
        <translation>Non enregistré :</translation>
    </message>
    <message>
        <source>Restart Synoptux for these changes to take effect: {keys}.</source>
        <translation>Redémarrer Synoptux pour que ces changements soient pris en compte : {keys}.</translation>
    </message>
    <message>
        <source>The database cannot be reached: nothing was changed. Try again.</source>
        <translation>La base de données est injoignable : rien n&apos;a été modifié. Réessayer.</translation>
    </message>
    <message>
        <source>Another program is writing there right now: nothing was changed. Try again.</source>
        <translation>Un autre programme y écrit en ce moment : rien n&apos;a été modifié. Réessayer.</translation>
    </message>
    <message>
        <source>The action failed and nothing was changed. The error was logged.</source>
        <translation>L&apos;action a échoué et rien n&apos;a été modifié. L&apos;erreur a été journalisée.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Change the admin PIN</source>
        <translation>Changer le code d&apos;administration</translation>
    </message>
    <message>
        <source>Set the admin PIN</source>
        <translation>Choisir le code d&apos;administration</translation>
    </message>
    <message>
        <source>Admin PIN</source>
        <translation>Code d&apos;administration</translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation>Code erroné.</translation>
    </message>
    <message>
        <source>Current PIN</source>
        <translation>Code actuel</translation>
    </message>
    <message>
        <source>New PIN (4 to 12 digits)</source>
        <translation>Nouveau code (4 à 12 chiffres)</translation>
    </message>
    <message>
        <source>Same PIN again</source>
        <translation>Le même code, à nouveau</translation>
    </message>
    <message>
        <source>The two PINs differ.</source>
        <translation>Les deux codes diffèrent.</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>MedinTux user GUID (optional)</source>
        <translation>GUID de l&apos;utilisateur MedinTux (facultatif)</translation>
    </message>
    <message>
        <source>Code (MedinTux login)</source>
        <translation>Code (login MedinTux)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Couleur</translation>
    </message>
    <message>
        <source>MedinTux GUID</source>
        <translation>GUID MedinTux</translation>
    </message>
    <message>
        <source>Responsibles</source>
        <translation>Responsables</translation>
    </message>
    <message>
        <source>Import from MedinTux</source>
        <translation>Importer de MedinTux</translation>
    </message>
    <message>
        <source>New responsible</source>
        <translation>Nouveau responsable</translation>
    </message>
    <message>
        <source>Edit responsible</source>
        <translation>Modifier le responsable</translation>
    </message>
    <message>
        <source>{added} added, {updated} updated, {skipped} skipped.</source>
        <translation>{added} ajouté(s), {updated} mis à jour, {skipped} ignoré(s).</translation>
    </message>
    <message>
        <source>This state ends the task</source>
        <translation>Cet état termine la tâche</translation>
    </message>
    <message>
        <source>Code (sets the order)</source>
        <translation>Code (fixe l&apos;ordre)</translation>
    </message>
    <message>
        <source>States</source>
        <translation>États</translation>
    </message>
    <message>
        <source>New state</source>
        <translation>Nouvel état</translation>
    </message>
    <message>
        <source>Edit state</source>
        <translation>Modifier l&apos;état</translation>
    </message>
    <message>
        <source> · ends the task</source>
        <translation> · termine la tâche</translation>
    </message>
    <message>
        <source>The database answered late: the change was saved after all (the screen had said it was not done).</source>
        <translation>La base de données a répondu en retard : la modification a bien été enregistrée (l&apos;écran avait dit qu&apos;elle n&apos;était pas faite).</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Nouveau</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Modifier</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Conserver</translation>
    </message>
    <message>
        <source>Delete {what}?</source>
        <translation>Supprimer {what} ?</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucune</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>none (a whole number: 1 comes first)</source>
        <translation>aucune (un nombre entier : 1 passe en premier)</translation>
    </message>
    <message>
        <source>Buttons: one button per state</source>
        <translation>Boutons : un bouton par état</translation>
    </message>
    <message>
        <source>Menu: one button, states in a menu</source>
        <translation>Menu : un bouton, les états dans un menu</translation>
    </message>
    <message>
        <source>Alarm colour (late)</source>
        <translation>Couleur d&apos;alarme (retard)</translation>
    </message>
    <message>
        <source>Maximum duration</source>
        <translation>Durée maximum</translation>
    </message>
    <message>
        <source>Default priority</source>
        <translation>Priorité par défaut</translation>
    </message>
    <message>
        <source>Default comment</source>
        <translation>Commentaire par défaut</translation>
    </message>
    <message>
        <source>Shown as</source>
        <translation>Affichage</translation>
    </message>
    <message>
        <source>Allowed states (none: all)</source>
        <translation>États possibles (aucun : tous)</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Tâches</translation>
    </message>
    <message>
        <source>New task</source>
        <translation>Nouvelle tâche</translation>
    </message>
    <message>
        <source>Edit task</source>
        <translation>Modifier la tâche</translation>
    </message>
    <message>
        <source>menu</source>
        <translation>menu</translation>
    </message>
    <message>
        <source>buttons</source>
        <translation>boutons</translation>
    </message>
    <message>
        <source> · {n} min</source>
        <translation> · {n} min</translation>
    </message>
    <message>
        <source>The code {what} already exists.</source>
        <translation>Le code {what} existe déjà.</translation>
    </message>
    <message>
        <source>{what} is in use on the board ({count}): it cannot be renamed. Create a new one instead.</source>
        <translation>{what} est utilisé sur le synoptique ({count}) : son code ne peut pas changer. En créer un nouveau.</translation>
    </message>
    <message>
        <source>{what} no longer exists (deleted from another screen?).</source>
        <translation>{what} n&apos;existe plus (supprimé depuis un autre poste ?).</translation>
    </message>
    <message>
        <source>Box {what} holds {count} patient(s). Move them to another box first.</source>
        <translation>Le box {what} contient {count} patient(s). Les déplacer d&apos;abord vers un autre box.</translation>
    </message>
    <message>
        <source>Box {what} receives the entries that name no box (Code_Box_Par_Defaut in the settings): choose another default box first.</source>
        <translation>Le box {what} reçoit les entrées qui ne précisent pas de box (Code_Box_Par_Defaut dans les paramétrages) : choisir d&apos;abord un autre box par défaut.</translation>
    </message>
    <message>
        <source>Box {box} has room for {free} patient(s), not {count}.</source>
        <translation>Le box {box} a de la place pour {free} patient(s), pas pour {count}.</translation>
    </message>
    <message>
        <source>Unknown box {box}.</source>
        <translation>Box {box} inconnu.</translation>
    </message>
    <message>
        <source>{count} task(s) on the board are in state {what}: it cannot be deleted.</source>
        <translation>{count} tâche(s) du synoptique sont dans l&apos;état {what} : il ne peut pas être supprimé.</translation>
    </message>
    <message>
        <source>{count} task(s) on the board are in state {label}: its label cannot change.</source>
        <translation>{count} tâche(s) du synoptique sont dans l&apos;état {label} : son libellé ne peut pas changer.</translation>
    </message>
    <message>
        <source>{count} open task(s) of type {what} are on the board: it cannot be deleted.</source>
        <translation>{count} tâche(s) {what} en cours sur le synoptique : elle ne peut pas être supprimée.</translation>
    </message>
    <message>
        <source>{what} is the responsible of {count} patient(s) on the board: choose another responsible for them first.</source>
        <translation>{what} est responsable de {count} patient(s) du synoptique : leur choisir d&apos;abord un autre responsable.</translation>
    </message>
    <message>
        <source>The MedinTux connection is not set ([Connexion_MedinTux] in the settings).</source>
        <translation>La connexion à MedinTux n&apos;est pas paramétrée ([Connexion_MedinTux] dans les paramétrages).</translation>
    </message>
    <message>
        <source>The MedinTux database has no usable Personnes table.</source>
        <translation>La base MedinTux n&apos;a pas de table Personnes utilisable.</translation>
    </message>
    <message>
        <source>The PIN must be {min} to {max} digits.</source>
        <translation>Le code doit avoir de {min} à {max} chiffres.</translation>
    </message>
    <message>
        <source>The current PIN is wrong.</source>
        <translation>Le code actuel est erroné.</translation>
    </message>
    <message>
        <source>Too many wrong PINs: wait {seconds} s.</source>
        <translation>Trop de codes erronés : attendre {seconds} s.</translation>
    </message>
    <message>
        <source>An admin PIN is already set.</source>
        <translation>Un code d&apos;administration existe déjà.</translation>
    </message>
    <message>
        <source>Pick…</source>
        <translation>Choisir…</translation>
    </message>
    <message>
        <source>{field}: this cannot be empty.</source>
        <translation>{field} : ne peut pas être vide.</translation>
    </message>
    <message>
        <source>{field}: this is too long.</source>
        <translation>{field} : trop long.</translation>
    </message>
    <message>
        <source>{field}: {value} is not a colour; write it as #rrggbb or pick one.</source>
        <translation>{field} : {value} n&apos;est pas une couleur ; l&apos;écrire sous la forme #rrggbb ou en choisir une.</translation>
    </message>
    <message>
        <source>{field}: the value must be at least {min}.</source>
        <translation>{field} : la valeur doit être au moins {min}.</translation>
    </message>
    <message>
        <source>{field}: choose one of the values offered.</source>
        <translation>{field} : choisir une des valeurs proposées.</translation>
    </message>
    <message>
        <source>{field}: {value} is not a whole number.</source>
        <translation>{field} : {value} n&apos;est pas un nombre entier.</translation>
    </message>
    <message>
        <source>{field}: unknown state(s) {states}.</source>
        <translation>{field} : état(s) inconnu(s) {states}.</translation>
    </message>
    <message>
        <source>{field}: {message}</source>
        <translation>{field} : {message}</translation>
    </message>
    <message>
        <source>code</source>
        <translation>code</translation>
    </message>
    <message>
        <source>label</source>
        <translation>libellé</translation>
    </message>
    <message>
        <source>name</source>
        <translation>nom</translation>
    </message>
    <message>
        <source>colour</source>
        <translation>couleur</translation>
    </message>
    <message>
        <source>background colour</source>
        <translation>couleur de fond</translation>
    </message>
    <message>
        <source>title colour</source>
        <translation>couleur du titre</translation>
    </message>
    <message>
        <source>alarm colour</source>
        <translation>couleur d&apos;alarme</translation>
    </message>
    <message>
        <source>capacity</source>
        <translation>nombre de places</translation>
    </message>
    <message>
        <source>type</source>
        <translation>type</translation>
    </message>
    <message>
        <source>maximum duration</source>
        <translation>durée maximum</translation>
    </message>
    <message>
        <source>priority</source>
        <translation>priorité</translation>
    </message>
    <message>
        <source>comment</source>
        <translation>commentaire</translation>
    </message>
    <message>
        <source>mode</source>
        <translation>affichage</translation>
    </message>
    <message>
        <source>allowed states</source>
        <translation>états possibles</translation>
    </message>
    <message>
        <source>GUID</source>
        <translation>GUID</translation>
    </message>
    <message>
        <source>Close Synoptux on this screen? The board stops showing the patients.</source>
        <translation>Fermer Synoptux sur cet écran ? Le tableau n&apos;affichera plus les patients.</translation>
    </message>
    <message>
        <source>Close the board</source>
        <translation>Fermer le tableau</translation>
    </message>
    <message>
        <source>Close without saving? Your changes will be lost.</source>
        <translation>Fermer sans enregistrer ? Vos modifications seront perdues.</translation>
    </message>
    <message>
        <source>It has no rule for these states of the shipped style: {names}.</source>
        <translation>Elle n&apos;a pas de règle pour ces états du style livré : {names}.</translation>
    </message>
    <message>
        <source>Not saved: the board would lose its style.</source>
        <translation>Non enregistré : le tableau perdrait sa mise en forme.</translation>
    </message>
    <message>
        <source>Qt cannot read this style sheet.</source>
        <translation>Qt ne peut pas lire cette feuille de style.</translation>
    </message>
    <message>
        <source>Recovery key</source>
        <translation>Clé de secours</translation>
    </message>
    <message>
        <source>Recovery key (16 digits)</source>
        <translation>Clé de secours (16 chiffres)</translation>
    </message>
    <message>
        <source>Recovery key…</source>
        <translation>Clé de secours…</translation>
    </message>
    <message>
        <source>Save this style sheet? Every board using {path} takes it.</source>
        <translation>Enregistrer cette feuille de style ? Tout tableau qui utilise {path} la prend.</translation>
    </message>
    <message>
        <source>The admin PIN of this site was removed from the database. Type the site&apos;s recovery key and a new PIN, or set one on the server with &apos;synoptux admin-pin --reset&apos;.</source>
        <translation>Le code administrateur de ce site a été supprimé de la base. Saisissez la clé de secours du site et un nouveau code, ou définissez-en un sur le serveur avec « synoptux admin-pin --reset ».</translation>
    </message>
    <message>
        <source>This style sheet sets no colour: the board would lose its colours (late marks, responsibles, boxes).</source>
        <translation>Cette feuille de style ne définit aucune couleur : le tableau perdrait ses couleurs (retards, responsables, box).</translation>
    </message>
    <message>
        <source>Validate</source>
        <translation>Valider</translation>
    </message>
    <message>
        <source>line {line}: Qt cannot read the rule {rule}</source>
        <translation>ligne {line} : Qt ne peut pas lire la règle {rule}</translation>
    </message>
    <message>
        <source>line {line}: text outside any rule: {text}</source>
        <translation>ligne {line} : texte hors de toute règle : {text}</translation>
    </message>
    <message>
        <source>line {line}: the rule {rule} is not closed by &apos;}}&apos;</source>
        <translation>ligne {line} : la règle {rule} n&apos;est pas fermée par « }} »</translation>
    </message>
    <message>
        <source>line {line}: this &apos;}}&apos; closes no rule</source>
        <translation>ligne {line} : ce « }} » ne ferme aucune règle</translation>
    </message>
    <message>
        <source>The admin PIN of this site was removed from the database: set a new one with the recovery key, or on the server with &apos;synoptux admin-pin --reset&apos;.</source>
        <translation>Le code administrateur de ce site a été supprimé de la base : définissez-en un nouveau avec la clé de secours, ou sur le serveur avec « synoptux admin-pin --reset ».</translation>
    </message>
    <message>
        <source>The recovery key is wrong.</source>
        <translation>La clé de secours est fausse.</translation>
    </message>
    <message>
        <source>This screen has no recovery key (Cle_Secours_Admin): set a new PIN on the server with &apos;synoptux admin-pin --reset&apos;.</source>
        <translation>Cet écran n&apos;a pas de clé de secours (Cle_Secours_Admin) : définissez un nouveau code sur le serveur avec « synoptux admin-pin --reset ».</translation>
    </message>
</context>
<context>
    <name>AdminPin</name>
    <message>
        <source>New admin PIN: </source>
        <translation>Nouveau code PIN d&apos;administration : </translation>
    </message>
    <message>
        <source>Same PIN again: </source>
        <translation>Le même code PIN encore : </translation>
    </message>
    <message>
        <source>set</source>
        <translation>défini</translation>
    </message>
    <message>
        <source>unset</source>
        <translation>jamais défini</translation>
    </message>
    <message>
        <source>lost</source>
        <translation>perdu</translation>
    </message>
    <message>
        <source>admin PIN: {state}; wrong attempts in a row: {count}</source>
        <translation>code PIN d&apos;administration : {state} ; essais erronés d&apos;affilée : {count}</translation>
    </message>
    <message>
        <source>; next attempt in {seconds} s</source>
        <translation> ; prochain essai dans {seconds} s</translation>
    </message>
    <message>
        <source>synoptux admin-pin: the two PINs differ; nothing changed</source>
        <translation>synoptux admin-pin : les deux codes PIN diffèrent ; rien n&apos;est changé</translation>
    </message>
    <message>
        <source>synoptux admin-pin: {reason} Nothing changed.</source>
        <translation>synoptux admin-pin : {reason} Rien n&apos;est changé.</translation>
    </message>
    <message>
        <source>admin PIN set; wrong-attempt count cleared (recorded in the history)</source>
        <translation>code PIN d&apos;administration défini ; compte des essais erronés remis à zéro (noté dans l&apos;historique)</translation>
    </message>
    <message>
        <source>synoptux admin-pin: no synoptux.ini to keep the key&apos;s hash in</source>
        <translation>synoptux admin-pin : pas de synoptux.ini où garder l&apos;empreinte de la clé</translation>
    </message>
    <message>
        <source>recovery key: {key}</source>
        <translation>clé de secours : {key}</translation>
    </message>
    <message>
        <source>(only its hash is kept, in {path}: note the key now and keep it in a safe place; typed on a screen it sets a new admin PIN)</source>
        <translation>(seule son empreinte est gardée, dans {path} : notez la clé maintenant et gardez-la en lieu sûr ; tapée sur un écran, elle permet de définir un nouveau code PIN d&apos;administration)</translation>
    </message>
</context>
<context>
    <name>AlarmStrip</name>
    <message>
        <source>start +{0}</source>
        <translation>début +{0}</translation>
    </message>
    <message>
        <source>late {0}</source>
        <translation>retard {0}</translation>
    </message>
    <message>
        <source>since {0}</source>
        <translation>depuis {0}</translation>
    </message>
    <message>
        <source>Show fewer</source>
        <translation>Réduire</translation>
    </message>
    <message>
        <source>{0} (not on screen)</source>
        <translation>{0} (hors écran)</translation>
    </message>
    <message>
        <source>Triage {0}: no doctor yet</source>
        <translation>Tri {0} : pas encore vu par un médecin</translation>
    </message>
    <message>
        <source>No late tasks</source>
        <translation>Aucune tâche en retard</translation>
    </message>
    <message>
        <source>Late tasks: {0}</source>
        <translation>Tâches en retard : {0}</translation>
    </message>
    <message>
        <source>ack. {0} {1}</source>
        <translation>acquittée par {0} à {1}</translation>
    </message>
    <message>
        <source>+{0} more</source>
        <translation>+{0} autres</translation>
    </message>
</context>
<context>
    <name>BoardCopy</name>
    <message>
        <source>Emergency board — downtime copy</source>
        <translation>Tableau des urgences — copie de secours</translation>
    </message>
    <message>
        <source>Copy taken on {date} at {time}</source>
        <translation>Copie prise le {date} à {time}</translation>
    </message>
    <message>
        <source>data read at {0}</source>
        <translation>données lues à {0}</translation>
    </message>
    <message>
        <source>{0} patient(s)</source>
        <translation>{0} patient(s)</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Responsible</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>Entrée</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Commentaire</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Tâches</translation>
    </message>
    <message>
        <source>Box</source>
        <translation>Box</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Tâche</translation>
    </message>
    <message>
        <source>Late</source>
        <translation>Retard</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Depuis</translation>
    </message>
    <message>
        <source>Downtime copy: it no longer changes. The live board is the reference as soon as the database is back.</source>
        <translation>Copie de secours : elle ne change plus. Le tableau en direct fait foi dès que la base revient.</translation>
    </message>
</context>
<context>
    <name>BoardView</name>
    <message>
        <source>late {0}</source>
        <translation>retard {0}</translation>
    </message>
    <message>
        <source>start +{0}</source>
        <translation>début +{0}</translation>
    </message>
    <message>
        <source>since {0}</source>
        <translation>depuis {0}</translation>
    </message>
    <message>
        <source>out {t}</source>
        <translation>sorti {t}</translation>
    </message>
    <message>
        <source>Responsible?</source>
        <translation>Responsable ?</translation>
    </message>
    <message>
        <source>Deleted patient #{0}</source>
        <translation>Patient supprimé n°{0}</translation>
    </message>
    <message>
        <source>Late tasks: {0}</source>
        <translation>Tâches en retard : {0}</translation>
    </message>
    <message>
        <source>no patient</source>
        <translation>aucun patient</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>terminée</translation>
    </message>
    <message>
        <source>unknown box</source>
        <translation>box inconnu</translation>
    </message>
    <message>
        <source>unknown responsible</source>
        <translation>responsable inconnu</translation>
    </message>
    <message>
        <source>unknown task</source>
        <translation>tâche inconnue</translation>
    </message>
    <message>
        <source>unknown state</source>
        <translation>état inconnu</translation>
    </message>
    <message>
        <source>unknown box type</source>
        <translation>type de box inconnu</translation>
    </message>
    <message>
        <source>tasks without a patient</source>
        <translation>tâches sans patient</translation>
    </message>
    <message>
        <source>unknown triage level</source>
        <translation>niveau de tri inconnu</translation>
    </message>
    <message>
        <source>Look-alike name? {box}</source>
        <translation>Homonyme ? {box}</translation>
    </message>
    <message>
        <source>Identity to check</source>
        <translation>Identité à vérifier</translation>
    </message>
    <message>
        <source>triage delay passed since {0}</source>
        <translation>délai de tri dépassé depuis {0}</translation>
    </message>
</context>
<context>
    <name>BoxPanel</name>
    <message>
        <source>Patients not shown: tap to scroll to them</source>
        <translation>Patients non affichés : touchez pour les faire défiler</translation>
    </message>
    <message>
        <source>Drag to resize the box</source>
        <translation>Faire glisser pour redimensionner le box</translation>
    </message>
    <message>
        <source>Tap here to move the selected patient into this box</source>
        <translation>Touchez ici pour déplacer le patient choisi dans ce box</translation>
    </message>
    <message>
        <source>Orphan tasks</source>
        <translation>Tâches orphelines</translation>
    </message>
    <message>
        <source>Tasks whose patient is no longer on the board (deleted by an older version). They are kept here so that nothing is lost; delete them when they are of no use.</source>
        <translation>Tâches dont le patient n&apos;est plus sur le tableau (supprimé par une ancienne version). Elles sont gardées ici pour ne rien perdre ; supprimez-les quand elles ne servent plus.</translation>
    </message>
    <message>
        <source>The type of this box is not known: it is shown as a care box.</source>
        <translation>Le type de ce box est inconnu : il est affiché comme un box de soins.</translation>
    </message>
    <message>
        <source>Odd data</source>
        <translation>Données inattendues</translation>
    </message>
    <message>
        <source>Patients are recorded in the box {code}, which is not in the box list: move them to a real box.</source>
        <translation>Des patients sont enregistrés dans le box {code}, absent de la liste des box : déplacez-les vers un vrai box.</translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <source>unavailable: {why}</source>
        <translation>indisponibles : {why}</translation>
    </message>
    <message>
        <source>installed</source>
        <translation>installés</translation>
    </message>
    <message>
        <source>present</source>
        <translation>présents</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>inconnus</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucune</translation>
    </message>
    <message>
        <source>schema: version {version}; tables created: {tables}; columns added: {columns}; change triggers: {triggers}</source>
        <translation>schéma : version {version} ; tables créées : {tables} ; colonnes ajoutées : {columns} ; déclencheurs de modification : {triggers}</translation>
    </message>
    <message>
        <source>reference data: {filled}</source>
        <translation>données de référence : {filled}</translation>
    </message>
    <message>
        <source>already present, unchanged</source>
        <translation>déjà présentes, inchangées</translation>
    </message>
    <message>
        <source>demo patients added: {count}</source>
        <translation>patients de démonstration ajoutés : {count}</translation>
    </message>
    <message>
        <source> (the board already has patients)</source>
        <translation> (le tableau a déjà des patients)</translation>
    </message>
    <message>
        <source>{count} task(s)</source>
        <translation>{count} tâche(s)</translation>
    </message>
    <message>
        <source>, {count} late</source>
        <translation>, {count} en retard</translation>
    </message>
    <message>
        <source>removed {path}</source>
        <translation>{path} supprimé</translation>
    </message>
    <message>
        <source>there was no autostart entry</source>
        <translation>il n&apos;y avait pas de démarrage automatique</translation>
    </message>
    <message>
        <source>synoptux: no synoptux.ini in use (give --config PATH): the board started by the session would not find this site&apos;s database and folders</source>
        <translation>synoptux : aucun synoptux.ini utilisé (donnez --config CHEMIN) : le tableau lancé à l&apos;ouverture de session ne trouverait ni la base ni les dossiers de ce site</translation>
    </message>
    <message>
        <source>{path}: the board starts when this user&apos;s session opens</source>
        <translation>{path} : le tableau démarre à l&apos;ouverture de la session de cet utilisateur</translation>
    </message>
    <message>
        <source>exit status:
  0    done
  1    done in part (ingest: files in errors/; doctor: a check failed)
  2    command line or configuration wrong (the message names the file or the setting),
       or a 2.x database to upgrade first
  3    database connection failure: unreachable, user or password refused, unknown
       database, SQLite file missing or not SQLite, unreadable URL
  4    the database has no Synoptux tables: run &apos;synoptux init-db&apos;
  130  interrupted</source>
        <translation>code de sortie :
  0    fait
  1    fait en partie (ingest : fichiers dans errors/ ; doctor : une vérification a échoué)
  2    ligne de commande ou configuration erronée (le message nomme le fichier ou le réglage),
       ou une base 2.x à mettre à jour d&apos;abord
  3    échec de connexion à la base : injoignable, utilisateur ou mot de passe refusé, base
       inconnue, fichier SQLite absent ou qui n&apos;est pas du SQLite, URL illisible
  4    la base n&apos;a pas de tables Synoptux : lancez &apos;synoptux init-db&apos;
  130  interrompu</translation>
    </message>
    <message>
        <source>argument {arg}: {rest}</source>
        <translation>argument {arg} : {rest}</translation>
    </message>
    <message>
        <source>invalid choice: {value} (choose from {choices})</source>
        <translation>choix invalide : {value} (au choix : {choices})</translation>
    </message>
    <message>
        <source>not a valid value ({type}): {value}</source>
        <translation>valeur invalide ({type}) : {value}</translation>
    </message>
    <message>
        <source>these arguments are required: {args}</source>
        <translation>ces arguments sont obligatoires : {args}</translation>
    </message>
    <message>
        <source>one of the arguments {args} is required</source>
        <translation>l&apos;un des arguments {args} est obligatoire</translation>
    </message>
    <message>
        <source>unknown arguments: {args}</source>
        <translation>arguments inconnus : {args}</translation>
    </message>
    <message>
        <source>expected one argument</source>
        <translation>une valeur attendue</translation>
    </message>
    <message>
        <source>not allowed with argument {arg}</source>
        <translation>interdit avec l&apos;argument {arg}</translation>
    </message>
    <message>
        <source>usage: </source>
        <translation>utilisation : </translation>
    </message>
    <message>
        <source>positional arguments</source>
        <translation>arguments</translation>
    </message>
    <message>
        <source>options</source>
        <translation>options</translation>
    </message>
    <message>
        <source>show this help and exit</source>
        <translation>affiche cette aide et s&apos;arrête</translation>
    </message>
    <message>
        <source>{prog}: error: {message}</source>
        <translation>{prog} : erreur : {message}</translation>
    </message>
    <message>
        <source>{value}: expected &apos;YYYY-MM-DD HH:MM&apos;</source>
        <translation>{value} : attendu &apos;AAAA-MM-JJ HH:MM&apos;</translation>
    </message>
    <message>
        <source>synoptux.ini to use (default: ./synoptux.ini or $SYNOPTUX_CONFIG)</source>
        <translation>le synoptux.ini à utiliser (par défaut : ./synoptux.ini ou $SYNOPTUX_CONFIG)</translation>
    </message>
    <message>
        <source>database URL (overrides the ini): sqlite:///file.db or mysql+pymysql://user:pw@host:3306/base</source>
        <translation>URL de la base (remplace celle de l&apos;ini) : sqlite:///fichier.db ou mysql+pymysql://utilisateur:mdp@hôte:3306/base</translation>
    </message>
    <message>
        <source>table prefix: &apos;&apos;, ST_ or synopt_</source>
        <translation>préfixe des tables : &apos;&apos;, ST_ ou synopt_</translation>
    </message>
    <message>
        <source>interface language</source>
        <translation>langue de l&apos;interface</translation>
    </message>
    <message>
        <source>time used for lateness (tests, screenshots)</source>
        <translation>heure prise pour les retards (tests, captures)</translation>
    </message>
    <message>
        <source>say more (debug log)</source>
        <translation>en dire plus (journal de débogage)</translation>
    </message>
    <message>
        <source>the board fills the screen (kiosk)</source>
        <translation>le tableau occupe tout l&apos;écran (borne)</translation>
    </message>
    <message>
        <source>{text}: frame (Cadre) or window (Fenetre)</source>
        <translation>{text} : frame (Cadre) ou window (Fenetre)</translation>
    </message>
    <message>
        <source>Emergency-department tracking board.</source>
        <translation>Tableau de suivi des urgences.</translation>
    </message>
    <message>
        <source>show the version and exit</source>
        <translation>affiche la version et s&apos;arrête</translation>
    </message>
    <message>
        <source>COMMAND</source>
        <translation>COMMANDE</translation>
    </message>
    <message>
        <source>create or upgrade the schema; reference data if empty</source>
        <translation>crée ou met à jour le schéma ; les données de référence si la base est vide</translation>
    </message>
    <message>
        <source>also add demo patients (empty board only)</source>
        <translation>ajoute aussi les patients de démonstration (tableau vide seulement)</translation>
    </message>
    <message>
        <source>print the board</source>
        <translation>affiche le tableau</translation>
    </message>
    <message>
        <source>as JSON (stable keys)</source>
        <translation>en JSON (clés stables)</translation>
    </message>
    <message>
        <source>check configuration, database, entry folder, Qt</source>
        <translation>vérifie la configuration, la base, le dossier des entrées, Qt</translation>
    </message>
    <message>
        <source>render the board to a PNG, offscreen</source>
        <translation>dessine le tableau dans un PNG, hors écran</translation>
    </message>
    <message>
        <source>WIDTHxHEIGHT (default 1920x1080)</source>
        <translation>LARGEURxHAUTEUR (par défaut 1920x1080)</translation>
    </message>
    <message>
        <source>also write where each patient and task was drawn (rect, tier, visible, font px)</source>
        <translation>écrit aussi où chaque patient et chaque tâche a été dessiné (rectangle, densité, visible, taille de police)</translation>
    </message>
    <message>
        <source>frame (Cadre) or window (Fenetre) mode; default: the ini&apos;s Mode_Affichage</source>
        <translation>mode frame (Cadre) ou window (Fenetre) ; par défaut : Mode_Affichage de l&apos;ini</translation>
    </message>
    <message>
        <source>apply entry files headless and print a summary</source>
        <translation>applique les fichiers d&apos;entrée sans fenêtre et affiche un résumé</translation>
    </message>
    <message>
        <source>scan the entry folder once and exit</source>
        <translation>lit le dossier des entrées une fois et s&apos;arrête</translation>
    </message>
    <message>
        <source>statistics over a period</source>
        <translation>statistiques sur une période</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>AAAA-MM-JJ</translation>
    </message>
    <message>
        <source>YYYY-MM-DD (inclusive)</source>
        <translation>AAAA-MM-JJ (inclus)</translation>
    </message>
    <message>
        <source>json or csv</source>
        <translation>json ou csv</translation>
    </message>
    <message>
        <source>folder for CSV files</source>
        <translation>dossier des fichiers CSV</translation>
    </message>
    <message>
        <source>list the administration changes of the period (who, what, before, after)</source>
        <translation>liste les modifications d&apos;administration de la période (qui, quoi, avant, après)</translation>
    </message>
    <message>
        <source>the site&apos;s admin PIN: state, reset on the server, recovery key</source>
        <translation>le code PIN d&apos;administration du site : état, remise à zéro sur le serveur, clé de secours</translation>
    </message>
    <message>
        <source>say whether a PIN is set, unset or lost</source>
        <translation>dit si un code PIN est défini, absent ou perdu</translation>
    </message>
    <message>
        <source>set a new PIN without the old one (typed twice; read from stdin when piped)</source>
        <translation>définit un nouveau code PIN sans l&apos;ancien (saisi deux fois ; lu sur l&apos;entrée standard si redirigée)</translation>
    </message>
    <message>
        <source>make a new recovery key: shown once, only its hash written in synoptux.ini</source>
        <translation>crée une nouvelle clé de secours : montrée une fois, seule son empreinte est écrite dans synoptux.ini</translation>
    </message>
    <message>
        <source>start the board when this user&apos;s session opens (ward PC)</source>
        <translation>lance le tableau à l&apos;ouverture de la session de cet utilisateur (PC du service)</translation>
    </message>
    <message>
        <source>remove the autostart entry</source>
        <translation>retire le lancement automatique</translation>
    </message>
    <message>
        <source>write the downtime copy now (PDF and HTML, [Copie_Secours]): for cron</source>
        <translation>écrit la copie de secours maintenant (PDF et HTML, [Copie_Secours]) : pour cron</translation>
    </message>
    <message>
        <source>the HTML copy only (no Qt needed)</source>
        <translation>la copie HTML seulement (sans Qt)</translation>
    </message>
    <message>
        <source>the read-only web view of the board ([Web], docs/web.md)</source>
        <translation>la vue web du tableau, en lecture seule ([Web], docs/web.md)</translation>
    </message>
    <message>
        <source>address to listen on (default: [Web] Adresse, 127.0.0.1)</source>
        <translation>adresse d&apos;écoute (par défaut : [Web] Adresse, 127.0.0.1)</translation>
    </message>
    <message>
        <source>port (default: [Web] Port, 8470)</source>
        <translation>port (par défaut : [Web] Port, 8470)</translation>
    </message>
    <message>
        <source>accounts of the web view</source>
        <translation>comptes de la vue web</translation>
    </message>
    <message>
        <source>list the accounts</source>
        <translation>liste les comptes</translation>
    </message>
    <message>
        <source>add an account (password typed twice)</source>
        <translation>ajoute un compte (mot de passe saisi deux fois)</translation>
    </message>
    <message>
        <source>set a new password</source>
        <translation>définit un nouveau mot de passe</translation>
    </message>
    <message>
        <source>refuse its logins from now on</source>
        <translation>refuse ses connexions désormais</translation>
    </message>
    <message>
        <source>accept its logins again</source>
        <translation>accepte de nouveau ses connexions</translation>
    </message>
    <message>
        <source>delete the account</source>
        <translation>supprime le compte</translation>
    </message>
    <message>
        <source>a token for a ward display that shows full names without a login (shown once)</source>
        <translation>un jeton pour un écran du service qui montre les noms complets sans connexion (montré une fois)</translation>
    </message>
    <message>
        <source>revoke a screen&apos;s token</source>
        <translation>révoque le jeton d&apos;un écran</translation>
    </message>
    <message>
        <source>with --add: the person&apos;s name</source>
        <translation>avec --add : le nom de la personne</translation>
    </message>
    <message>
        <source>adopt a Synoptux 2.x database in place</source>
        <translation>adopte sur place une base Synoptux 2.x</translation>
    </message>
    <message>
        <source>say what would be done, change nothing</source>
        <translation>dit ce qui serait fait, sans rien changer</translation>
    </message>
    <message>
        <source>put the last backup back</source>
        <translation>remet la dernière sauvegarde en place</translation>
    </message>
    <message>
        <source>where to write the SQL backup</source>
        <translation>où écrire la sauvegarde SQL</translation>
    </message>
</context>
<context>
    <name>CommentDialog</name>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <source>Comment for {name}</source>
        <translation>Commentaire pour {name}</translation>
    </message>
</context>
<context>
    <name>DestinationDialog</name>
    <message>
        <source>Other destination (type, then Validate)</source>
        <translation>Autre destination (saisir, puis Valider)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>No destination</source>
        <translation>Sans destination</translation>
    </message>
    <message>
        <source>Validate</source>
        <translation>Valider</translation>
    </message>
    <message>
        <source>Move to {box}: choose the destination</source>
        <translation>Vers {box} : choisissez la destination</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Please confirm</source>
        <translation>Confirmation</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Oui</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>Information</translation>
    </message>
</context>
<context>
    <name>Doctor</name>
    <message>
        <source>configuration</source>
        <translation>configuration</translation>
    </message>
    <message>
        <source>WARN {count} entry file(s) in {folder}:</source>
        <translation>ATTENTION {count} fichier(s) d&apos;entrée dans {folder} :</translation>
    </message>
    <message>
        <source>INFO {count} entry file(s) waiting to be applied (is a board or `synoptux ingest` running?)</source>
        <translation>INFO {count} fichier(s) d&apos;entrée en attente d&apos;application (un tableau ou `synoptux ingest` tourne-t-il ?)</translation>
    </message>
    <message>
        <source>INFO data checks skipped: {error}</source>
        <translation>INFO vérification des données non faite : {error}</translation>
    </message>
    <message>
        <source>(no reason recorded)</source>
        <translation>(aucune raison enregistrée)</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>absent</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation>ÉCHEC</translation>
    </message>
    <message>
        <source>(no file: defaults)</source>
        <translation>(pas de fichier : valeurs par défaut)</translation>
    </message>
    <message>
        <source>2.x encoded form (&apos;#&apos; + hex), decoded</source>
        <translation>forme codée de la 2.x (&apos;#&apos; + hexadécimal), décodé</translation>
    </message>
    <message>
        <source>in clear</source>
        <translation>en clair</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <source>[Connexion] Parametres (2.x)</source>
        <translation>[Connexion] Parametres (2.x)</translation>
    </message>
    <message>
        <source>default embedded SQLite</source>
        <translation>SQLite intégrée par défaut</translation>
    </message>
    <message>
        <source>MedinTux connection</source>
        <translation>connexion MedinTux</translation>
    </message>
    <message>
        <source>entry folder</source>
        <translation>dossier d&apos;entrée</translation>
    </message>
    <message>
        <source>versions</source>
        <translation>versions</translation>
    </message>
    <message>
        <source>shipped files</source>
        <translation>fichiers livrés</translation>
    </message>
    <message>
        <source>style sheet and French translation present</source>
        <translation>feuille de style et traduction française présentes</translation>
    </message>
    <message>
        <source>log file</source>
        <translation>journal</translation>
    </message>
    <message>
        <source>Qt platform</source>
        <translation>plateforme Qt</translation>
    </message>
    <message>
        <source>up, {state}</source>
        <translation>en service, {state}</translation>
    </message>
    <message>
        <source>up, {state}, not ready</source>
        <translation>en service, {state}, pas prêt</translation>
    </message>
    <message>
        <source>not configured (responsibles: Personnes of the board database if present)</source>
        <translation>non configurée (responsables : Personnes de la base du tableau si elle existe)</translation>
    </message>
    <message>
        <source>{platform} (Qt starts)</source>
        <translation>{platform} (Qt démarre)</translation>
    </message>
    <message>
        <source>{status} {name}: {detail}</source>
        <translation>{status} {name} : {detail}</translation>
    </message>
    <message>
        <source>database connection</source>
        <translation>connexion à la base</translation>
    </message>
    <message>
        <source>database cluster</source>
        <translation>grappe de bases</translation>
    </message>
    <message>
        <source>cluster schema</source>
        <translation>schéma pour la grappe</translation>
    </message>
    <message>
        <source>database servers</source>
        <translation>serveurs de base</translation>
    </message>
    <message>
        <source>; password: {password}</source>
        <translation> ; mot de passe : {password}</translation>
    </message>
    <message>
        <source>{folder} (writable)</source>
        <translation>{folder} (accessible en écriture)</translation>
    </message>
    <message>
        <source> (reinstall: pip install synoptux)</source>
        <translation> (réinstaller : pip install synoptux)</translation>
    </message>
    <message>
        <source>: PySide6 and shiboken6 must be the same version</source>
        <translation> : PySide6 et shiboken6 doivent être de la même version</translation>
    </message>
    <message>
        <source>{path} ({size} bytes)</source>
        <translation>{path} ({size} octets)</translation>
    </message>
    <message>
        <source>schema version</source>
        <translation>version du schéma</translation>
    </message>
    <message>
        <source>triggers (change log)</source>
        <translation>déclencheurs (journal des changements)</translation>
    </message>
    <message>
        <source>fallback: keys and counts (triggers missing; run init-db as a user with TRIGGER)</source>
        <translation>repli : clés et comptages (déclencheurs absents ; lancer init-db avec un utilisateur ayant le droit TRIGGER)</translation>
    </message>
    <message>
        <source>InnoDB and a primary key on every table</source>
        <translation>InnoDB et une clé primaire sur chaque table</translation>
    </message>
    <message>
        <source>up</source>
        <translation>en service</translation>
    </message>
    <message>
        <source>{folder} cannot be created: {blocker} is a file, not a folder (fix [Interface] Dossier_Entrees)</source>
        <translation>{folder} ne peut pas être créé : {blocker} est un fichier, pas un dossier (corriger [Interface] Dossier_Entrees)</translation>
    </message>
    <message>
        <source>{folder} does not exist (create it or fix [Interface] Dossier_Entrees)</source>
        <translation>{folder} n&apos;existe pas (le créer ou corriger [Interface] Dossier_Entrees)</translation>
    </message>
    <message>
        <source>{folder} is not a folder</source>
        <translation>{folder} n&apos;est pas un dossier</translation>
    </message>
    <message>
        <source>PySide6 {bad} on Python {python} {why}</source>
        <translation>PySide6 {bad} sous Python {python} : {why}</translation>
    </message>
    <message>
        <source>{detail}: {why} (install the versions of constraints.txt: PySide6-Essentials==6.11.3)</source>
        <translation>{detail} : {why} (installer les versions de constraints.txt : PySide6-Essentials==6.11.3)</translation>
    </message>
    <message>
        <source>missing: {files} (a broken install: reinstall the package)</source>
        <translation>absents : {files} (installation abîmée : réinstaller le paquet)</translation>
    </message>
    <message>
        <source>{path} cannot be written ([Interface] Dossier_Journal)</source>
        <translation>{path} ne peut pas être écrit ([Interface] Dossier_Journal)</translation>
    </message>
    <message>
        <source>{path} (created when the board starts)</source>
        <translation>{path} (créé au démarrage du tableau)</translation>
    </message>
    <message>
        <source>; note: the xcb plugin (X11 screens) lacks {libraries} (README, System packages)</source>
        <translation> ; remarque : il manque au greffon xcb (écrans X11) {libraries} (README, System packages)</translation>
    </message>
    <message>
        <source>SQLite file {path} does not exist ({source}): if it is on a share, is the share mounted? A new board: synoptux init-db</source>
        <translation>le fichier SQLite {path} n&apos;existe pas ({source}) : s&apos;il est sur un partage réseau, le partage est-il monté ? Pour un nouveau tableau : synoptux init-db</translation>
    </message>
    <message>
        <source>; servers {hosts}, connected to {current}</source>
        <translation> ; serveurs {hosts}, connecté à {current}</translation>
    </message>
    <message>
        <source>all present</source>
        <translation>toutes présentes</translation>
    </message>
    <message>
        <source>change feed</source>
        <translation>suivi des changements</translation>
    </message>
    <message>
        <source> (in use)</source>
        <translation> (utilisé)</translation>
    </message>
    <message>
        <source>unreachable ({error})</source>
        <translation>injoignable ({error})</translation>
    </message>
    <message>
        <source>answers but fails ({error})</source>
        <translation>répond mais échoue ({error})</translation>
    </message>
    <message>
        <source>{folder} is not writable: {error}</source>
        <translation>{folder} n&apos;est pas accessible en écriture : {error}</translation>
    </message>
    <message>
        <source>drops references to None/True/False: the board aborts</source>
        <translation>perd des références à None/True/False : le tableau s&apos;arrête brutalement</translation>
    </message>
    <message>
        <source>{url} ({source}; password: {password}{servers})</source>
        <translation>{url} ({source} ; mot de passe : {password}{servers})</translation>
    </message>
    <message>
        <source>tables (prefix {prefix})</source>
        <translation>tables (préfixe {prefix})</translation>
    </message>
    <message>
        <source>{url} ({source}; password: {password}): {failure}</source>
        <translation>{url} ({source} ; mot de passe : {password}) : {failure}</translation>
    </message>
    <message>
        <source>missing: {tables} (run: synoptux init-db, or synoptux upgrade for a 2.x database)</source>
        <translation>absentes : {tables} (lancer synoptux init-db, ou synoptux upgrade pour une base 2.x)</translation>
    </message>
    <message>
        <source>{version} (expected {expected})</source>
        <translation>{version} (attendue : {expected})</translation>
    </message>
</context>
<context>
    <name>DowntimeCopy</name>
    <message>
        <source>The board was written as PDF and HTML in {0}.</source>
        <translation>Le tableau a été écrit en PDF et en HTML dans {0}.</translation>
    </message>
    <message>
        <source>The board could not be written: {0}</source>
        <translation>Le tableau n&apos;a pas pu être écrit : {0}</translation>
    </message>
    <message>
        <source>see the log</source>
        <translation>voir le journal</translation>
    </message>
</context>
<context>
    <name>ExportBoard</name>
    <message>
        <source>synoptux export-board: board not read, nothing replaced: {why}</source>
        <translation>synoptux export-board : tableau non lu, rien n&apos;a été remplacé : {why}</translation>
    </message>
    <message>
        <source>synoptux export-board: no PDF: {why}</source>
        <translation>synoptux export-board : pas de PDF : {why}</translation>
    </message>
</context>
<context>
    <name>History</name>
    <message>
        <source>Triage level</source>
        <translation>Niveau de tri</translation>
    </message>
    <message>
        <source>Alarm acknowledged</source>
        <translation>Alarme acquittée</translation>
    </message>
    <message>
        <source>Identity to check</source>
        <translation>Identité à vérifier</translation>
    </message>
    <message>
        <source>Identity checked</source>
        <translation>Identité vérifiée</translation>
    </message>
    <message>
        <source>Value cut to fit</source>
        <translation>Valeur tronquée à la taille de sa colonne</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>Entrée</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>Déplacement</translation>
    </message>
    <message>
        <source>Task state</source>
        <translation>État de tâche</translation>
    </message>
    <message>
        <source>Responsible</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <source>Final exit</source>
        <translation>Sortie définitive</translation>
    </message>
    <message>
        <source>Forced exit (maximum stay)</source>
        <translation>Sortie forcée (durée maximale)</translation>
    </message>
    <message>
        <source>Automatic exit</source>
        <translation>Sortie automatique</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Commentaire</translation>
    </message>
    <message>
        <source>Task added</source>
        <translation>Tâche ajoutée</translation>
    </message>
    <message>
        <source>Task deleted</source>
        <translation>Tâche supprimée</translation>
    </message>
    <message>
        <source>Folded / unfolded</source>
        <translation>Replié / déplié</translation>
    </message>
    <message>
        <source>Name hidden / shown</source>
        <translation>Nom masqué / affiché</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>Destination</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>Administration</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Par</translation>
    </message>
    <message>
        <source>Box</source>
        <translation>Box</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <source>Written by Synoptux 2.x: some fields were reconstructed.</source>
        <translation>Écrit par Synoptux 2.x : certains champs ont été reconstitués.</translation>
    </message>
    <message>
        <source>No event has been recorded for this stay.</source>
        <translation>Aucun événement enregistré pour ce séjour.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>History of {name}</source>
        <translation>Historique de {name}</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historique</translation>
    </message>
    <message>
        <source>Search past stays</source>
        <translation>Rechercher un séjour passé</translation>
    </message>
    <message>
        <source>Name (first letters) or patient GUID</source>
        <translation>Nom (premières lettres) ou GUID du patient</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Rechercher</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>Sorti le</translation>
    </message>
    <message>
        <source>GUID</source>
        <translation>GUID</translation>
    </message>
    <message>
        <source>The database cannot be reached. Try again in a moment.</source>
        <translation>La base de données est injoignable. Réessayez dans un instant.</translation>
    </message>
    <message>
        <source>Type a name or a GUID.</source>
        <translation>Tapez un nom ou un GUID.</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Recherche…</translation>
    </message>
    <message>
        <source>No stay found for “{text}”.</source>
        <translation>Aucun séjour trouvé pour « {text} ».</translation>
    </message>
    <message>
        <source>{n} stay(s) found. Tap one to read its history.</source>
        <translation>{n} séjour(s) trouvé(s). Touchez-en un pour lire son historique.</translation>
    </message>
    <message>
        <source>On the board</source>
        <translation>Sur le tableau</translation>
    </message>
    <message>
        <source>History of {name}: {n} event(s).</source>
        <translation>Historique de {name} : {n} événement(s).</translation>
    </message>
</context>
<context>
    <name>Ingest</name>
    <message>
        <source>line {line}: [Tache_{n}] {key}: {error}; kept in the task note</source>
        <translation>ligne {line} : [Tache_{n}] {key} : {error} ; gardé dans la note de la tâche</translation>
    </message>
    <message>
        <source>is not a whole number</source>
        <translation>n&apos;est pas un nombre entier</translation>
    </message>
    <message>
        <source>is out of range (a signed 32-bit number is expected)</source>
        <translation>est hors limites (un nombre signé sur 32 bits est attendu)</translation>
    </message>
    <message>
        <source>line {line}: [Tache_{n}] {key}={value!r} {problem}; kept in the task note</source>
        <translation>ligne {line} : [Tache_{n}] {key}={value!r} {problem} ; gardé dans la note de la tâche</translation>
    </message>
    <message>
        <source>line {line}: [Tache_{n}] Heure_Fin_Prevue is before Heure_Debut_Prevue (kept as written)</source>
        <translation>ligne {line} : [Tache_{n}] Heure_Fin_Prevue est avant Heure_Debut_Prevue (gardées telles qu&apos;écrites)</translation>
    </message>
    <message>
        <source>symbolic link to {target}, outside the entry folder: not followed</source>
        <translation>lien symbolique vers {target}, hors du dossier d&apos;entrée : non suivi</translation>
    </message>
    <message>
        <source>symbolic link to {target}, which does not exist</source>
        <translation>lien symbolique vers {target}, qui n&apos;existe pas</translation>
    </message>
    <message>
        <source>symbolic link to {target}, which is not a file</source>
        <translation>lien symbolique vers {target}, qui n&apos;est pas un fichier</translation>
    </message>
    <message>
        <source>File: {file}
Rejected: {when}
Reason: {reason}

Fix the file and put it back in the entry folder (or tap Retry on the board).
</source>
        <translation>Fichier : {file}
Rejeté : {when}
Motif : {reason}

Corrigez le fichier et remettez-le dans le dossier d&apos;entrée (ou touchez Réessayer sur le tableau).
</translation>
    </message>
    <message>
        <source>line {line}: {message}</source>
        <translation>ligne {line} : {message}</translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation>le fichier est vide</translation>
    </message>
    <message>
        <source>the file is too large ({size} bytes) for an entry file</source>
        <translation>le fichier est trop gros ({size} octets) pour un fichier d&apos;entrée</translation>
    </message>
    <message>
        <source>control character {code:#04x}: this is not a text (INI) file</source>
        <translation>caractère de contrôle {code:#04x} : ce n&apos;est pas un fichier texte (INI)</translation>
    </message>
    <message>
        <source>(and {n} more)</source>
        <translation>(et {n} de plus)</translation>
    </message>
    <message>
        <source>line {lines}: not UTF-8 like the rest of the file (mixed encodings); read as CP1252 (Windows Latin-1): check the accents</source>
        <translation>ligne {lines} : pas en UTF-8 comme le reste du fichier (encodages mélangés) ; lue en CP1252 (Windows Latin-1) : vérifiez les accents</translation>
    </message>
    <message>
        <source>empty section name &apos;[]&apos;</source>
        <translation>nom de section vide &apos;[]&apos;</translation>
    </message>
    <message>
        <source>line {line}: section [{name}] repeated; its values are merged with the first one (the later value of a key wins)</source>
        <translation>ligne {line} : section [{name}] répétée ; ses valeurs sont fusionnées avec la première (la dernière valeur d&apos;une clé l&apos;emporte)</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is neither a [section] nor a key=value line: this is not an INI entry file</source>
        <translation>&apos;{text}&apos; n&apos;est ni une [section] ni une ligne clé=valeur : ce n&apos;est pas un fichier d&apos;entrée INI</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; has no key name before &apos;=&apos;</source>
        <translation>&apos;{text}&apos; n&apos;a pas de nom de clé avant &apos;=&apos;</translation>
    </message>
    <message>
        <source>&apos;{key}=&apos; comes before any [section] (the file must start with [Entree])</source>
        <translation>&apos;{key}=&apos; vient avant toute [section] (le fichier doit commencer par [Entree])</translation>
    </message>
    <message>
        <source>line {line}: [{section}] {key} given twice; the later value is used</source>
        <translation>ligne {line} : [{section}] {key} donnée deux fois ; la dernière valeur est utilisée</translation>
    </message>
    <message>
        <source>no [Entree] section (required in every entry file)</source>
        <translation>pas de section [Entree] (obligatoire dans tout fichier d&apos;entrée)</translation>
    </message>
    <message>
        <source>line {line}: unknown key [Entree] {key!r} ignored</source>
        <translation>ligne {line} : clé inconnue [Entree] {key!r} ignorée</translation>
    </message>
    <message>
        <source>Nom_Patient is missing or empty in [Entree] (required, unless GUID_Patient names a patient already on the board)</source>
        <translation>Nom_Patient manque ou est vide dans [Entree] (obligatoire, sauf si GUID_Patient désigne un patient déjà sur le tableau)</translation>
    </message>
    <message>
        <source>line {line}: unknown section [{section}] ignored</source>
        <translation>ligne {line} : section inconnue [{section}] ignorée</translation>
    </message>
    <message>
        <source>line {line}: [{section}] is task {n} again (as [{first}] line {first_line}): both tasks are added</source>
        <translation>ligne {line} : [{section}] est de nouveau la tâche {n} (comme [{first}] ligne {first_line}) : les deux tâches sont ajoutées</translation>
    </message>
    <message>
        <source>line {line}: unknown key [Tache_{n}] {key!r} ignored</source>
        <translation>ligne {line} : clé inconnue [Tache_{n}] {key!r} ignorée</translation>
    </message>
    <message>
        <source>Code_Tache is missing or empty in [Tache_{n}] (required)</source>
        <translation>Code_Tache manque ou est vide dans [Tache_{n}] (obligatoire)</translation>
    </message>
    <message>
        <source>line {line}: [Tache_{left}] ignored: tasks are read from [Tache_1] up to the first missing number ([Tache_{n}])</source>
        <translation>ligne {line} : [Tache_{left}] ignorée : les tâches sont lues de [Tache_1] jusqu&apos;au premier numéro manquant ([Tache_{n}])</translation>
    </message>
    <message>
        <source>{key} ({column}: {length} characters cut to {width})</source>
        <translation>{key} ({column} : {length} caractères coupés à {width})</translation>
    </message>
    <message>
        <source>{key} ({column}: number out of range, not stored)</source>
        <translation>{key} ({column} : nombre hors limites, non enregistré)</translation>
    </message>
    <message>
        <source>GUID_Patient={guid} is not on the board and the file has no Nom_Patient: its tasks have no patient to go to (put it back with Retry once the patient has arrived, or add Nom_Patient)</source>
        <translation>GUID_Patient={guid} n&apos;est pas sur le tableau et le fichier n&apos;a pas de Nom_Patient : ses tâches n&apos;ont pas de patient où aller (remettez-le avec Réessayer une fois le patient arrivé, ou ajoutez Nom_Patient)</translation>
    </message>
    <message>
        <source>patient already on the board in box {box}: Code_Box={wanted} not applied (tasks added only)</source>
        <translation>patient déjà sur le tableau dans le box {box} : Code_Box={wanted} non appliqué (tâches ajoutées seulement)</translation>
    </message>
    <message>
        <source>unknown box {wanted!r}: patient placed in the default box {box!r}</source>
        <translation>box inconnu {wanted!r} : patient placé dans le box par défaut {box!r}</translation>
    </message>
    <message>
        <source>the default box {box!r} does not exist either: the board shows the patient in a marked stand-in box</source>
        <translation>le box par défaut {box!r} n&apos;existe pas non plus : le tableau montre le patient dans un box de remplacement signalé</translation>
    </message>
    <message>
        <source>box {box} is over capacity ({count}/{capacity}): the patient is placed anyway, an arrival is never refused</source>
        <translation>le box {box} dépasse sa capacité ({count}/{capacity}) : le patient est placé quand même, une arrivée n&apos;est jamais refusée</translation>
    </message>
    <message>
        <source>unknown responsible {written!r}: kept as written, the card shows it marked</source>
        <translation>responsable inconnu {written!r} : gardé tel qu&apos;écrit, la carte le montre signalé</translation>
    </message>
    <message>
        <source>unknown triage level Niveau_Tri={written!r}: kept as written, the board shows it marked</source>
        <translation>niveau de tri inconnu Niveau_Tri={written!r} : gardé tel qu&apos;écrit, le tableau le montre signalé</translation>
    </message>
    <message>
        <source>GUID_Patient names {on_board} on the board but the file says {said}: applied to that patient and flagged &apos;identity to check&apos;</source>
        <translation>GUID_Patient désigne {on_board} sur le tableau mais le fichier dit {said} : appliqué à ce patient, signalé « identité à vérifier »</translation>
    </message>
    <message>
        <source>unknown task code {written!r}: kept as written, the board shows it marked</source>
        <translation>code de tâche inconnu {written!r} : gardé tel qu&apos;écrit, le tableau le montre signalé</translation>
    </message>
    <message>
        <source>comment longer than {n} characters: the button shows the start, the note keeps the whole text</source>
        <translation>commentaire de plus de {n} caractères : le bouton en montre le début, la note garde tout le texte</translation>
    </message>
    <message>
        <source>planned end not computed: {start:%Y-%m-%d %H:%M} + {minutes} min is past the last date a database can hold</source>
        <translation>fin prévue non calculée : {start:%Y-%m-%d %H:%M} + {minutes} min dépasse la dernière date qu&apos;une base peut contenir</translation>
    </message>
    <message>
        <source>{raw!r} is not a valid time of day</source>
        <translation>{raw!r} n&apos;est pas une heure valide</translation>
    </message>
    <message>
        <source>{raw!r} is not a time (expected 10h20, 10:20, 10h or 2026-11-23 10:20)</source>
        <translation>{raw!r} n&apos;est pas une heure (attendu : 10h20, 10:20, 10h ou 2026-11-23 10:20)</translation>
    </message>
    <message>
        <source>{raw!r} is not a valid date and time</source>
        <translation>{raw!r} n&apos;est pas une date et une heure valides</translation>
    </message>
    <message>
        <source>tasks added to patient</source>
        <translation>tâches ajoutées au patient</translation>
    </message>
    <message>
        <source>new patient</source>
        <translation>nouveau patient</translation>
    </message>
    <message>
        <source>applied  {name}: {what} #{id}, {tasks} task(s)</source>
        <translation>appliqué  {name} : {what} n° {id}, {tasks} tâche(s)</translation>
    </message>
    <message>
        <source>skipped  {name}: already applied (same content), archived</source>
        <translation>ignoré    {name} : déjà appliqué (même contenu), archivé</translation>
    </message>
    <message>
        <source>ERROR    {name}: {reason} (moved to errors/)</source>
        <translation>ERREUR    {name} : {reason} (déplacé dans errors/)</translation>
    </message>
    <message>
        <source>waiting  {name}: {reason}</source>
        <translation>en attente {name} : {reason}</translation>
    </message>
    <message>
        <source>warning: {warning}</source>
        <translation>attention : {warning}</translation>
    </message>
    <message>
        <source>{applied} applied ({new} new patient(s), {merged} merged, {tasks} task(s)), {duplicates} duplicate(s), {errors} in error, {waiting} waiting</source>
        <translation>{applied} appliqué(s) ({new} nouveau(x) patient(s), {merged} fusionné(s), {tasks} tâche(s)), {duplicates} doublon(s), {errors} en erreur, {waiting} en attente</translation>
    </message>
    <message>
        <source>cannot be taken from the entry folder: {error}</source>
        <translation>ne peut pas être pris dans le dossier d&apos;entrée : {error}</translation>
    </message>
    <message>
        <source>the ingester stopped twice while applying this file (killed or crashed): put aside so that the other files go on</source>
        <translation>l&apos;intégration s&apos;est arrêtée deux fois en appliquant ce fichier (tuée ou plantée) : mis de côté pour que les autres fichiers continuent</translation>
    </message>
    <message>
        <source>could not be applied (failed twice): {error}</source>
        <translation>n&apos;a pas pu être appliqué (deux échecs) : {error}</translation>
    </message>
    <message>
        <source>unreadable: {error}</source>
        <translation>illisible : {error}</translation>
    </message>
    <message>
        <source>the database refused the entry: {error}</source>
        <translation>la base de données a refusé l&apos;entrée : {error}</translation>
    </message>
    <message>
        <source>the database refused a value: {error}</source>
        <translation>la base de données a refusé une valeur : {error}</translation>
    </message>
    <message>
        <source>{reason}; and it cannot be moved to errors/: {error}</source>
        <translation>{reason} ; et il ne peut pas être déplacé dans errors/ : {error}</translation>
    </message>
    <message>
        <source>database unreachable: {error}; files left in the entry folder</source>
        <translation>base de données injoignable : {error} ; fichiers laissés dans le dossier d&apos;entrée</translation>
    </message>
    <message>
        <source>{folder} cannot be used: {error}</source>
        <translation>{folder} est inutilisable : {error}</translation>
    </message>
    <message>
        <source>synoptux ingest: no such file: {files}</source>
        <translation>synoptux ingest : fichier introuvable : {files}</translation>
    </message>
    <message>
        <source>still being written: next run</source>
        <translation>encore en cours d&apos;écriture : au prochain passage</translation>
    </message>
    <message>
        <source>watching {folder} (rescan every {period} s; Ctrl-C to stop)</source>
        <translation>surveillance de {folder} (relecture toutes les {period} s ; Ctrl-C pour arrêter)</translation>
    </message>
    <message>
        <source>entry folder unusable: {error}</source>
        <translation>dossier d&apos;entrée inutilisable : {error}</translation>
    </message>
    <message>
        <source>database unreachable: {error}</source>
        <translation>base de données injoignable : {error}</translation>
    </message>
</context>
<context>
    <name>IngestErrorsDialog</name>
    <message>
        <source>Entry files in error</source>
        <translation>Fichiers d&apos;entrée en erreur</translation>
    </message>
    <message>
        <source>No entry file in error.</source>
        <translation>Aucun fichier d&apos;entrée en erreur.</translation>
    </message>
    <message>
        <source>Retry this file</source>
        <translation>Réessayer ce fichier</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>(no reason recorded)</source>
        <translation>(aucune raison enregistrée)</translation>
    </message>
    <message>
        <source>Content of the file:</source>
        <translation>Contenu du fichier :</translation>
    </message>
</context>
<context>
    <name>Loading</name>
    <message>
        <source>Loading the board…</source>
        <translation>Chargement du tableau…</translation>
    </message>
</context>
<context>
    <name>LogDialog</name>
    <message>
        <source>Log</source>
        <translation>Journal</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>The log is empty: nothing has been logged yet.</source>
        <translation>Le journal est vide : rien n&apos;a encore été journalisé.</translation>
    </message>
    <message>
        <source>Log file: {path}</source>
        <translation>Fichier journal : {path}</translation>
    </message>
    <message>
        <source>The log file cannot be read: {why}</source>
        <translation>Le fichier journal ne peut pas être lu : {why}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Statistics</source>
        <translation>Statistiques</translation>
    </message>
    <message>
        <source>Print the board</source>
        <translation>Imprimer le tableau</translation>
    </message>
    <message>
        <source>{n} entry file(s) in error — tap to see</source>
        <translation>{n} fichier(s) d&apos;entrée en erreur — touchez pour voir</translation>
    </message>
    <message>
        <source>2.x database — read only, run synoptux upgrade</source>
        <translation>base 2.x — lecture seule, lancer synoptux upgrade</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Fichiers</translation>
    </message>
    <message>
        <source>Windows</source>
        <translation>Fenêtres</translation>
    </message>
    <message>
        <source>Responsible</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Aide</translation>
    </message>
    <message>
        <source>Refresh the board</source>
        <translation>Rafraîchir le tableau</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <source>Window mode (move and resize boxes)</source>
        <translation>Mode fenêtre (déplacer et redimensionner les box)</translation>
    </message>
    <message>
        <source>Frame mode (fixed)</source>
        <translation>Mode cadre (fixe)</translation>
    </message>
    <message>
        <source>Save positions</source>
        <translation>Enregistrer les positions</translation>
    </message>
    <message>
        <source>Arrange as a grid</source>
        <translation>Disposer en grille</translation>
    </message>
    <message>
        <source>Privacy mode (initials only, no comments)</source>
        <translation>Mode confidentiel (initiales seules, sans commentaires)</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>Plein écran</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Tous</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Journal</translation>
    </message>
    <message>
        <source>About Synoptux</source>
        <translation>À propos de Synoptux</translation>
    </message>
    <message>
        <source>There is no synoptux.ini to save the positions to.</source>
        <translation>Il n&apos;y a pas de fichier synoptux.ini où enregistrer les positions.</translation>
    </message>
    <message>
        <source>Synoptux {v}: the emergency department board.</source>
        <translation>Synoptux {v} : le tableau des urgences.</translation>
    </message>
    <message>
        <source>Moving {name}: tap the title of the destination box (tap here to cancel)</source>
        <translation>Déplacement de {name} : touchez le titre du box de destination (touchez ici pour annuler)</translation>
    </message>
    <message>
        <source>Only the patients of {name} — tap to show all</source>
        <translation>Seulement les patients de {name} — touchez pour tout afficher</translation>
    </message>
    <message>
        <source>The positions could not be saved: {why}</source>
        <translation>Les positions n&apos;ont pas pu être enregistrées : {why}</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>The database is unreachable: nothing was changed. Try again in a moment.</source>
        <translation>Base de données injoignable : rien n&apos;a été modifié. Réessayez dans un instant.</translation>
    </message>
    <message>
        <source>Another program is writing this patient&apos;s record right now: nothing was changed. Try again in a moment.</source>
        <translation>Un autre programme écrit en ce moment dans le dossier de ce patient : rien n&apos;a été modifié. Réessayez dans un instant.</translation>
    </message>
    <message>
        <source>The database does not answer: nothing was changed. Try again in a moment.</source>
        <translation>La base de données ne répond pas : rien n&apos;a été modifié. Réessayez dans un instant.</translation>
    </message>
    <message>
        <source>The database answered late: your last action has been done after all. The board shows it; do not do it again.</source>
        <translation>La base de données a répondu en retard : votre dernière action a finalement été faite. Le tableau l&apos;affiche ; ne la refaites pas.</translation>
    </message>
    <message>
        <source>This patient is no longer on the board (another screen may have moved him out). The board has been refreshed.</source>
        <translation>Ce patient n&apos;est plus sur le tableau (un autre écran l&apos;a peut-être sorti). Le tableau a été rafraîchi.</translation>
    </message>
    <message>
        <source>This task no longer exists. The board has been refreshed.</source>
        <translation>Cette tâche n&apos;existe plus. Le tableau a été rafraîchi.</translation>
    </message>
    <message>
        <source>This box no longer exists. The board has been refreshed.</source>
        <translation>Ce box n&apos;existe plus. Le tableau a été rafraîchi.</translation>
    </message>
    <message>
        <source>The patient is already in this box.</source>
        <translation>Le patient est déjà dans ce box.</translation>
    </message>
    <message>
        <source>This state no longer exists. The board has been refreshed.</source>
        <translation>Cet état n&apos;existe plus. Le tableau a été rafraîchi.</translation>
    </message>
    <message>
        <source>This state is not allowed for this task.</source>
        <translation>Cet état n&apos;est pas permis pour cette tâche.</translation>
    </message>
    <message>
        <source>This responsible no longer exists. The board has been refreshed.</source>
        <translation>Ce responsable n&apos;existe plus. Le tableau a été rafraîchi.</translation>
    </message>
    <message>
        <source>2.x database — read only, run synoptux upgrade</source>
        <translation>base 2.x — lecture seule, lancer synoptux upgrade</translation>
    </message>
    <message>
        <source>This alarm has ended meanwhile: nothing to acknowledge. The board has been refreshed.</source>
        <translation>Cette alarme a pris fin entre-temps : rien à acquitter. Le tableau a été rafraîchi.</translation>
    </message>
    <message>
        <source>This triage level is no longer in the scale. The board has been refreshed.</source>
        <translation>Ce niveau de tri n&apos;est plus dans l&apos;échelle. Le tableau a été rafraîchi.</translation>
    </message>
    <message>
        <source>The connection to the database was lost while saving: the change may or may not have been saved. The board shows what was saved: check it before trying again.</source>
        <translation>La connexion à la base a été perdue pendant l&apos;enregistrement : la modification a peut-être été enregistrée, ou non. Le tableau montre ce qui est enregistré : vérifiez-le avant de recommencer.</translation>
    </message>
    <message>
        <source>late {m} min</source>
        <translation>retard {m} min</translation>
    </message>
    <message>
        <source>This box is full ({present}/{capacity}). Nothing was changed.</source>
        <translation>Ce box est plein ({present}/{capacity}). Rien n&apos;a été modifié.</translation>
    </message>
    <message>
        <source>start +{m} min</source>
        <translation>début +{m} min</translation>
    </message>
</context>
<context>
    <name>MoveDialog</name>
    <message>
        <source>Final exit removes the patient from the board; the stay is kept in the archive for statistics.</source>
        <translation>La sortie définitive retire le patient du tableau ; le séjour est conservé dans l&apos;archive pour les statistiques.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Move to a box</source>
        <translation>Déplacer vers un box</translation>
    </message>
    <message>
        <source>Final exit</source>
        <translation>Sortie définitive</translation>
    </message>
    <message>
        <source>{name} has left</source>
        <translation>{name} est sorti</translation>
    </message>
</context>
<context>
    <name>NotePopup</name>
    <message>
        <source>Touch anywhere to close</source>
        <translation>Touchez n&apos;importe où pour fermer</translation>
    </message>
</context>
<context>
    <name>Notes</name>
    <message>
        <source>No MedinTux connection is configured ([Connexion_MedinTux]).</source>
        <translation>Aucune connexion MedinTux n&apos;est configurée ([Connexion_MedinTux]).</translation>
    </message>
    <message>
        <source>The MedinTux database cannot be read: {error}</source>
        <translation>La base MedinTux ne peut pas être lue : {error}</translation>
    </message>
    <message>
        <source>MedinTux note {key} was not found.</source>
        <translation>La note MedinTux {key} est introuvable.</translation>
    </message>
</context>
<context>
    <name>PatientRow</name>
    <message>
        <source>Responsible?</source>
        <translation>Responsable ?</translation>
    </message>
    <message>
        <source>start +{0}</source>
        <translation>début +{0}</translation>
    </message>
    <message>
        <source>late {0}</source>
        <translation>retard {0}</translation>
    </message>
    <message>
        <source>ack. start +{0}</source>
        <translation>acq. début +{0}</translation>
    </message>
    <message>
        <source>ack. late {0}</source>
        <translation>acq. retard {0}</translation>
    </message>
    <message>
        <source>Deleted patient #{0}</source>
        <translation>Patient supprimé n°{0}</translation>
    </message>
    <message>
        <source>Identity to check</source>
        <translation>Identité à vérifier</translation>
    </message>
    <message>
        <source>ID?</source>
        <translation>ID ?</translation>
    </message>
    <message>
        <source>out {t}</source>
        <translation>sorti {t}</translation>
    </message>
    <message>
        <source>Look-alike? {boxes}</source>
        <translation>Homonyme ? {boxes}</translation>
    </message>
</context>
<context>
    <name>PatientSheet</name>
    <message>
        <source>These tasks belong to a patient who is no longer on the board (deleted by an older version). Delete them when they are of no use.</source>
        <translation>Ces tâches appartiennent à un patient qui n&apos;est plus sur le tableau (supprimé par une ancienne version). Supprimez-les quand elles ne servent plus.</translation>
    </message>
    <message>
        <source>A task or a state of this patient has a code the board does not know.</source>
        <translation>Une tâche ou un état de ce patient a un code inconnu du tableau.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>no state</source>
        <translation>sans état</translation>
    </message>
    <message>
        <source>Responsible: {name}</source>
        <translation>Responsable : {name}</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Commentaire</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historique</translation>
    </message>
    <message>
        <source>Open the patient&apos;s file (DrTux)</source>
        <translation>Ouvrir le dossier du patient (DrTux)</translation>
    </message>
    <message>
        <source>Acknowledge the triage alarm</source>
        <translation>Acquitter l&apos;alarme de tri</translation>
    </message>
    <message>
        <source>Identity checked</source>
        <translation>Identité vérifiée</translation>
    </message>
    <message>
        <source>Tasks (tap one for its states, note or deletion)</source>
        <translation>Tâches (touchez-en une pour ses états, sa note ou sa suppression)</translation>
    </message>
    <message>
        <source>The box code {code} is not in the box list: move the patient to a real box.</source>
        <translation>Le code de box {code} n&apos;est pas dans la liste des box : déplacez le patient vers un vrai box.</translation>
    </message>
    <message>
        <source>The responsible code {code} is not in the responsible list.</source>
        <translation>Le code responsable {code} n&apos;est pas dans la liste des responsables.</translation>
    </message>
    <message>
        <source>Identity to check: an entry file with this patient&apos;s GUID named {name}. Check the identity, then tap “Identity checked”.</source>
        <translation>Identité à vérifier : un fichier d&apos;entrée portant le GUID de ce patient nommait {name}. Vérifiez l&apos;identité, puis touchez « Identité vérifiée ».</translation>
    </message>
    <message>
        <source>Look-alike name: {name} in {box}. Check the identity before every act.</source>
        <translation>Homonyme ? {name} en {box}. Vérifiez l&apos;identité avant chaque acte.</translation>
    </message>
    <message>
        <source>The triage level {code} is not in the triage scale.</source>
        <translation>Le niveau de tri {code} n&apos;est pas dans l&apos;échelle de tri.</translation>
    </message>
    <message>
        <source>no responsible</source>
        <translation>sans responsable</translation>
    </message>
    <message>
        <source>Final exit or move</source>
        <translation>Sortie définitive ou déplacement</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>Déplacer</translation>
    </message>
    <message>
        <source>Show the tasks</source>
        <translation>Déplier les tâches</translation>
    </message>
    <message>
        <source>Fold the tasks</source>
        <translation>Replier les tâches</translation>
    </message>
    <message>
        <source>Show the name</source>
        <translation>Afficher le nom</translation>
    </message>
    <message>
        <source>Hide the name</source>
        <translation>Masquer le nom</translation>
    </message>
    <message>
        <source>another person</source>
        <translation>une autre personne</translation>
    </message>
    <message>
        <source>a patient</source>
        <translation>un patient</translation>
    </message>
    <message>
        <source>out {t}</source>
        <translation>sorti {t}</translation>
    </message>
    <message>
        <source>nobody</source>
        <translation>personne</translation>
    </message>
    <message>
        <source>Triage: {level}</source>
        <translation>Tri : {level}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
</context>
<context>
    <name>ResponsiblePicker</name>
    <message>
        <source>Choose the responsible</source>
        <translation>Choisissez le responsable</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Nobody</source>
        <translation>Personne</translation>
    </message>
</context>
<context>
    <name>Serve</name>
    <message>
        <source>synoptux serve: [Web] Certificat and Cle_Certificat go together</source>
        <translation>synoptux serve : [Web] Certificat et Cle_Certificat vont ensemble</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>configuration file {path}: {detail}</source>
        <translation>fichier de configuration {path} : {detail}</translation>
    </message>
    <message>
        <source>is a folder, not a file</source>
        <translation>est un dossier, pas un fichier</translation>
    </message>
    <message>
        <source>{text} is neither a [Section], a key=value nor a ; comment</source>
        <translation>{text} n&apos;est ni une [Section], ni une ligne clé=valeur, ni un commentaire ;</translation>
    </message>
    <message>
        <source>{prefix}: letters, digits and &apos;_&apos; only (for instance ST_ or synopt_)</source>
        <translation>{prefix} : lettres, chiffres et &apos;_&apos; seulement (par exemple ST_ ou synopt_)</translation>
    </message>
    <message>
        <source>does not exist</source>
        <translation>n&apos;existe pas</translation>
    </message>
    <message>
        <source>cannot be read ({error})</source>
        <translation>ne peut pas être lu ({error})</translation>
    </message>
    <message>
        <source>damaged: line {number} is not an ini line ({text}), and {more} more; fix or restore the file</source>
        <translation>abîmé : la ligne {number} n&apos;est pas une ligne d&apos;ini ({text}), et {more} autre(s) ; réparer le fichier ou remettre sa copie de sauvegarde</translation>
    </message>
    <message>
        <source>damaged: line {number} is not an ini line ({text}); fix or restore the file</source>
        <translation>abîmé : la ligne {number} n&apos;est pas une ligne d&apos;ini ({text}) ; réparer le fichier ou remettre sa copie de sauvegarde</translation>
    </message>
    <message>
        <source>{value} is not {form}</source>
        <translation>{value} n&apos;est pas de la forme {form}</translation>
    </message>
    <message>
        <source>{number} is outside the range {lo} to {hi}</source>
        <translation>{number} est hors de l&apos;intervalle {lo} à {hi}</translation>
    </message>
    <message>
        <source>[{section}] {key}: {message}</source>
        <translation>[{section}] {key} : {message}</translation>
    </message>
    <message>
        <source>text</source>
        <translation>du texte</translation>
    </message>
    <message>
        <source>{raw} is not {expected}</source>
        <translation>{raw} n&apos;est pas {expected}</translation>
    </message>
    <message>
        <source>OUI or NON</source>
        <translation>OUI ou NON</translation>
    </message>
    <message>
        <source>a colour such as #1e6fd9 or &apos;red&apos;</source>
        <translation>une couleur comme #1e6fd9 ou &apos;red&apos;</translation>
    </message>
    <message>
        <source>one of {choices}</source>
        <translation>l&apos;une des valeurs {choices}</translation>
    </message>
    <message>
        <source>full paths of programs, or folders ending with /, separated by ;</source>
        <translation>des chemins complets de programmes, ou des dossiers finissant par /, séparés par ;</translation>
    </message>
    <message>
        <source>written by a `synoptux` command (see its meaning)</source>
        <translation>écrit par une commande `synoptux` (voir sa signification)</translation>
    </message>
    <message>
        <source>from {minimum} to {maximum}</source>
        <translation>de {minimum} à {maximum}</translation>
    </message>
    <message>
        <source>&gt;= {minimum}</source>
        <translation>≥ {minimum}</translation>
    </message>
    <message>
        <source>&lt;= {maximum}</source>
        <translation>≤ {maximum}</translation>
    </message>
    <message>
        <source>a whole number {range}</source>
        <translation>un nombre entier {range}</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>un nombre entier</translation>
    </message>
    <message>
        <source>{number} is below {minimum} (allowed: {range})</source>
        <translation>{number} est inférieur à {minimum} (permis : {range})</translation>
    </message>
    <message>
        <source>{number} is above {maximum} (allowed: {range})</source>
        <translation>{number} est supérieur à {maximum} (permis : {range})</translation>
    </message>
    <message>
        <source>{entry} is a bare name: programs are never looked up by name, write its full path (or its folder, ending with /)</source>
        <translation>{entry} est un nom seul : les programmes ne sont jamais cherchés par leur nom, écrire son chemin complet (ou son dossier, finissant par /)</translation>
    </message>
    <message>
        <source>{entry} would allow every program</source>
        <translation>{entry} permettrait tous les programmes</translation>
    </message>
    <message>
        <source>driver {driver} is not QMYSQL3 or QSQLITE (expected: driver , base , user , password , host , port)</source>
        <translation>le pilote {driver} n&apos;est ni QMYSQL3 ni QSQLITE (attendu : pilote , base , utilisateur , mot de passe , hôte , port)</translation>
    </message>
    <message>
        <source>no database name after the driver {driver} (expected: driver , base , user , password , host , port)</source>
        <translation>pas de nom de base après le pilote {driver} (attendu : pilote , base , utilisateur , mot de passe , hôte , port)</translation>
    </message>
    <message>
        <source>{backend} databases are not supported (SQLite, MySQL, MariaDB)</source>
        <translation>les bases {backend} ne sont pas prises en charge (SQLite, MySQL, MariaDB)</translation>
    </message>
    <message>
        <source>no database name (expected sqlite:///path/file.db or mysql+pymysql://user:password@host:3306/base)</source>
        <translation>pas de nom de base (attendu : sqlite:///chemin/fichier.db ou mysql+pymysql://utilisateur:motdepasse@hôte:3306/base)</translation>
    </message>
    <message>
        <source>port {port} is not a number (expected: driver , base , user , password , host , port)</source>
        <translation>le port {port} n&apos;est pas un nombre (attendu : pilote , base , utilisateur , mot de passe , hôte , port)</translation>
    </message>
    <message>
        <source>server list: {error} (expected host[:port],host[:port],...)</source>
        <translation>liste de serveurs : {error} (attendu : hôte[:port],hôte[:port],...)</translation>
    </message>
    <message>
        <source>cannot be read as a database address ({error}); expected sqlite:///path/file.db or mysql+pymysql://user:password@host:3306/base</source>
        <translation>n&apos;est pas lisible comme adresse de base de données ({error}) ; attendu : sqlite:///chemin/fichier.db ou mysql+pymysql://utilisateur:motdepasse@hôte:3306/base</translation>
    </message>
    <message>
        <source>the password is in 2.x&apos;s encoded form (&apos;#...&apos;) but cannot be decoded ({error}); write it in clear</source>
        <translation>le mot de passe est sous la forme codée de la 2.x (&apos;#...&apos;) mais ne peut pas être décodé ({error}) ; l&apos;écrire en clair</translation>
    </message>
    <message>
        <source>INFO sentinel dates (before 2000, read as &apos;not set&apos;): {count} ({detail})</source>
        <translation>INFO dates sentinelles (avant 2000, lues comme « non renseignées ») : {count} ({detail})</translation>
    </message>
    <message>
        <source>{column} (key {keys})</source>
        <translation>{column} (clé {keys})</translation>
    </message>
    <message>
        <source>WARN {count} values look double-encoded (UTF-8 bytes stored as latin1, shown like &apos;EntrÃ©e&apos;); kept unchanged, correct them by hand: {where}</source>
        <translation>ATTENTION {count} valeurs semblent doublement encodées (octets UTF-8 stockés en latin1, affichées comme &apos;EntrÃ©e&apos;) ; laissées telles quelles, à corriger à la main : {where}</translation>
    </message>
    <message>
        <source>WARN no board tables with prefix {prefix} in this database</source>
        <translation>ATTENTION aucune table du tableau avec le préfixe {prefix} dans cette base</translation>
    </message>
    <message>
        <source>OK data: no orphan task, no patient in an unknown box, no unknown code</source>
        <translation>OK données : aucune tâche orpheline, aucun patient dans un box inconnu, aucun code inconnu</translation>
    </message>
    <message>
        <source>WARN {count} task numbers (EN_Num_tache) are used by several patients (2.x per-patient numbering): run &apos;synoptux upgrade&apos;</source>
        <translation>ATTENTION {count} numéros de tâche (EN_Num_tache) servent à plusieurs patients (numérotation par patient de la 2.x) : lancer &apos;synoptux upgrade&apos;</translation>
    </message>
    <message>
        <source>WARN no schema version recorded (a 2.x database?): run &apos;synoptux upgrade&apos;</source>
        <translation>ATTENTION aucune version de schéma enregistrée (une base 2.x ?) : lancer &apos;synoptux upgrade&apos;</translation>
    </message>
    <message>
        <source>WARN {count} tasks whose patient is gone (EN_Num_tache {tasks}; lost patients EC_PK {lost}): kept off the wall, as 2.x did; attach them to a patient or archive them from the administration menu (Orphan tasks)</source>
        <translation>ATTENTION {count} tâches dont le patient a disparu (EN_Num_tache {tasks} ; patients perdus EC_PK {lost}) : non affichées au mur, comme dans la 2.x ; les rattacher à un patient ou les archiver depuis le menu d&apos;administration (Tâches orphelines)</translation>
    </message>
    <message>
        <source>INFO responsibles: {table} is empty; the board reads the {count} doctors of MedinTux &apos;Personnes&apos; (rights med and sgn) as 2.x did; import them from the administration menu (Responsibles) to edit them</source>
        <translation>INFO responsables : {table} est vide ; le tableau lit les {count} médecins de &apos;Personnes&apos; de MedinTux (droits med et sgn) comme la 2.x ; les importer depuis le menu d&apos;administration (Responsables) pour les modifier</translation>
    </message>
    <message>
        <source>WARN tables not converted to InnoDB/utf8mb4: {tables}: run &apos;synoptux upgrade&apos;</source>
        <translation>ATTENTION tables non converties en InnoDB/utf8mb4 : {tables} : lancer &apos;synoptux upgrade&apos;</translation>
    </message>
    <message>
        <source>WARN {count} patients in unknown boxes: {which}</source>
        <translation>ATTENTION {count} patients dans des box inconnus : {which}</translation>
    </message>
    <message>
        <source>WARN {count} tasks with unknown codes: {which}</source>
        <translation>ATTENTION {count} tâches aux codes inconnus : {which}</translation>
    </message>
    <message>
        <source>WARN {count} tasks in unknown states: {which}</source>
        <translation>ATTENTION {count} tâches dans des états inconnus : {which}</translation>
    </message>
    <message>
        <source>WARN {count} patients whose responsible is not in {table}: {which} (the table is empty: 2.x read the responsibles from MedinTux &apos;Personnes&apos;; import them from the admin menu, Responsibles)</source>
        <translation>ATTENTION {count} patients dont le responsable n&apos;est pas dans {table} : {which} (la table est vide : la 2.x lisait les responsables dans &apos;Personnes&apos; de MedinTux ; les importer depuis le menu d&apos;administration, Responsables)</translation>
    </message>
    <message>
        <source>WARN {count} patients whose responsible is not in {table}: {which}</source>
        <translation>ATTENTION {count} patients dont le responsable n&apos;est pas dans {table} : {which}</translation>
    </message>
    <message>
        <source>Galera cluster {name}: {size} node(s) ({addresses}); this node {node}: {state}, ready, component {component}</source>
        <translation>grappe Galera {name} : {size} nœud(s) ({addresses}) ; ce nœud {node} : {state}, prêt, composante {component}</translation>
    </message>
    <message>
        <source>Galera cluster {name}: {size} node(s) ({addresses}); this node {node}: {state}, NOT ready, component {component}</source>
        <translation>grappe Galera {name} : {size} nœud(s) ({addresses}) ; ce nœud {node} : {state}, PAS prêt, composante {component}</translation>
    </message>
    <message>
        <source>{table} is {engine} (not replicated: run synoptux upgrade)</source>
        <translation>{table} est en {engine} (non répliquée : lancer synoptux upgrade)</translation>
    </message>
    <message>
        <source>{table} has no primary key</source>
        <translation>{table} n&apos;a pas de clé primaire</translation>
    </message>
    <message>
        <source>Qt cannot start its {platform} platform plugin: {message}</source>
        <translation>Qt ne peut pas démarrer son greffon de plateforme {platform} : {message}</translation>
    </message>
    <message>
        <source>Qt starts ({platform})</source>
        <translation>Qt démarre ({platform})</translation>
    </message>
    <message>
        <source>{plugin} cannot find: {libraries}</source>
        <translation>il manque à {plugin} : {libraries}</translation>
    </message>
    <message>
        <source>  {libraries}: part of PySide6 itself: reinstall it</source>
        <translation>  {libraries} : fait partie de PySide6 lui-même : le réinstaller</translation>
    </message>
    <message>
        <source>  {soname}: find its package with `apt-file search {soname}` or `dnf provides &apos;*/{soname}&apos;`</source>
        <translation>  {soname} : trouver son paquet avec `apt-file search {soname}` ou `dnf provides &apos;*/{soname}&apos;`</translation>
    </message>
    <message>
        <source>no screen to open a window on: run it in the desktop session (DISPLAY or WAYLAND_DISPLAY), or QT_QPA_PLATFORM=offscreen for a headless check</source>
        <translation>pas d&apos;écran où ouvrir une fenêtre : le lancer dans la session de bureau (DISPLAY ou WAYLAND_DISPLAY), ou avec QT_QPA_PLATFORM=offscreen pour une vérification sans écran</translation>
    </message>
    <message>
        <source>the server {host} refused the user name or password ({user}): {error}</source>
        <translation>le serveur {host} a refusé le nom d&apos;utilisateur ou le mot de passe ({user}) : {error}</translation>
    </message>
    <message>
        <source>the database {name} does not exist on the server {host} (create it, then run &apos;synoptux init-db&apos;)</source>
        <translation>la base {name} n&apos;existe pas sur le serveur {host} (la créer, puis lancer &apos;synoptux init-db&apos;)</translation>
    </message>
    <message>
        <source>the SQLite file {path} cannot be opened ({error})</source>
        <translation>le fichier SQLite {path} ne peut pas être ouvert ({error})</translation>
    </message>
    <message>
        <source>the database server is unreachable: {where} ({error})</source>
        <translation>le serveur de base de données est injoignable : {where} ({error})</translation>
    </message>
    <message>
        <source>the SQLite file {path} {what} ({source}); nothing was created: if it is on a network share, check that the share is mounted; a new board&apos;s database is created by &apos;synoptux init-db&apos;</source>
        <translation>le fichier SQLite {path} {what} ({source}) ; rien n&apos;a été créé : s&apos;il est sur un partage réseau, vérifiez que le partage est monté ; la base d&apos;un nouveau tableau est créée par &apos;synoptux init-db&apos;</translation>
    </message>
    <message>
        <source>database setting: {error}</source>
        <translation>réglage de la base de données : {error}</translation>
    </message>
    <message>
        <source>configuration error: {error}</source>
        <translation>erreur de configuration : {error}</translation>
    </message>
    <message>
        <source>this is a Synoptux 2.x database: {error}</source>
        <translation>c&apos;est une base Synoptux 2.x : {error}</translation>
    </message>
    <message>
        <source>database connection failed: {error}</source>
        <translation>échec de la connexion à la base : {error}</translation>
    </message>
    <message>
        <source>database unreachable: {error}</source>
        <translation>base de données injoignable : {error}</translation>
    </message>
    <message>
        <source>{text}</source>
        <translation>{text}</translation>
    </message>
    <message>
        <source>{path} is not a SQLite database ({error})</source>
        <translation>{path} n&apos;est pas une base SQLite ({error})</translation>
    </message>
    <message>
        <source>SQLAlchemy URL of the board database (sqlite:///path or mysql+pymysql://user:pw@host:3306/base). Empty: the embedded SQLite file. Several servers (Galera cluster nodes): mysql+pymysql://user:pw@node1,node2,node3:3307/base (the last one that worked first, then in this order; docs/galera.md).</source>
        <translation>URL SQLAlchemy de la base du tableau (sqlite:///chemin ou mysql+pymysql://user:pw@hote:3306/base). Vide : le fichier SQLite intégré. Plusieurs serveurs (nœuds d&apos;un cluster Galera) : mysql+pymysql://user:pw@noeud1,noeud2,noeud3:3307/base (le dernier qui a fonctionné d&apos;abord, puis dans cet ordre ; docs/galera.md).</translation>
    </message>
    <message>
        <source>MedinTux form: driver , base , user , password , host , port (QMYSQL3 or QSQLITE); a password starting with &apos;#&apos; is 2.x&apos;s encoded form (decoded). Several servers: host1;host2;host3 in the host field.</source>
        <translation>Forme MedinTux : pilote , base , utilisateur , mot de passe , hôte , port (QMYSQL3 ou QSQLITE) ; un mot de passe commençant par &apos;#&apos; est la forme codée de la 2.x (décodée). Plusieurs serveurs : hote1;hote2;hote3 dans le champ hôte.</translation>
    </message>
    <message>
        <source>Table prefix: empty, ST_ or synopt_.</source>
        <translation>Préfixe des tables : vide, ST_ ou synopt_.</translation>
    </message>
    <message>
        <source>URL of the MedinTux database (task notes, responsibles: its Personnes until they are imported). Optional; with a 2.x [Connexion] only, that same database.</source>
        <translation>URL de la base MedinTux (notes des tâches, responsables : sa table Personnes tant qu&apos;ils ne sont pas importés). Facultatif ; avec seulement une [Connexion] 2.x, cette même base.</translation>
    </message>
    <message>
        <source>MedinTux form of the same connection.</source>
        <translation>Forme MedinTux de la même connexion.</translation>
    </message>
    <message>
        <source>Synoptux 2.x connection: QMYSQL3 , base , user , password , host , port; the password as 2.x left it (&apos;#&apos; + hex: encoded, decoded here) or in clear.</source>
        <translation>Connexion de Synoptux 2.x : QMYSQL3 , base , utilisateur , mot de passe , hôte , port ; le mot de passe tel que la 2.x l&apos;a laissé (&apos;#&apos; + hexadécimal : codé, décodé ici) ou en clair.</translation>
    </message>
    <message>
        <source>Folder where entry files (*.txt) are dropped.</source>
        <translation>Dossier où sont déposés les fichiers d&apos;entrée (*.txt).</translation>
    </message>
    <message>
        <source>Folder of the log file synoptux.log: errors and warnings of every part (live feed, entry files, actions, administration), rotated at 1 MB, 5 old files kept; created readable by the board&apos;s user only. *Aide → Journal* shows its end.</source>
        <translation>Dossier du fichier journal synoptux.log : erreurs et avertissements de toutes les parties (flux en direct, fichiers d&apos;entrée, actions, administration), renouvelé à 1 Mo, 5 anciens fichiers gardés ; créé lisible par le seul utilisateur du tableau. *Aide → Journal* en montre la fin.</translation>
    </message>
    <message>
        <source>Box of entries that name none (or an unknown one).</source>
        <translation>Box des entrées qui n&apos;en nomment aucun (ou un inconnu).</translation>
    </message>
    <message>
        <source>Offer the annex program (DrTux) in the patient&apos;s sheet.</source>
        <translation>Proposer le programme annexe (DrTux) dans la fiche du patient.</translation>
    </message>
    <message>
        <source>MedinTux calendar program (2.x); the board has its own time picker.</source>
        <translation>Programme de calendrier de MedinTux (2.x) ; le tableau a son propre choix de l&apos;heure.</translation>
    </message>
    <message>
        <source>Ask before a final exit.</source>
        <translation>Demander avant une sortie définitive.</translation>
    </message>
    <message>
        <source>The only programs the board starts when data names one (the DrTux button&apos;s Programme_Annexe / EC_ProgAnnexe, a task&apos;s Nom_Lecteur_Note / EN_NomProgNote): full paths, or folders ending with / whose programs are all allowed. Relative paths are taken from this file&apos;s folder; links and .. are resolved first. Absent (a 2.x site&apos;s ini): DrTux&apos;s folder beside Synoptux in a MedinTux install. Empty: none.</source>
        <translation>Les seuls programmes que le tableau lance quand les données en nomment un (le Programme_Annexe / EC_ProgAnnexe du bouton DrTux, le Nom_Lecteur_Note / EN_NomProgNote d&apos;une tâche) : chemins complets, ou dossiers terminés par / dont tous les programmes sont permis. Les chemins relatifs partent du dossier de ce fichier ; liens et .. sont d&apos;abord résolus. Absent (ini d&apos;un site 2.x) : le dossier de DrTux à côté de Synoptux dans une installation MedinTux. Vide : aucun.</translation>
    </message>
    <message>
        <source>Days applied entry files stay in done/.</source>
        <translation>Jours pendant lesquels les fichiers d&apos;entrée appliqués restent dans done/.</translation>
    </message>
    <message>
        <source>Delete applied entry files instead of keeping them in done/.</source>
        <translation>Supprimer les fichiers d&apos;entrée appliqués au lieu de les garder dans done/.</translation>
    </message>
    <message>
        <source>Watch the entry folder by polling (network shares that send no events).</source>
        <translation>Surveiller le dossier d&apos;entrée par scrutation (partages réseau qui n&apos;envoient pas d&apos;événements).</translation>
    </message>
    <message>
        <source>Name of this screen in the history (default: host name).</source>
        <translation>Nom de cet écran dans l&apos;historique (par défaut : le nom de la machine).</translation>
    </message>
    <message>
        <source>Hash of the site&apos;s admin recovery key (never the key), written by `synoptux admin-pin --recovery-key`: typed on a screen, the key sets a new admin PIN when it was lost or forgotten. Not shown in the settings form.</source>
        <translation>Empreinte de la clé de secours d&apos;administration du site (jamais la clé), écrite par `synoptux admin-pin --recovery-key` : tapée sur un écran, la clé fixe un nouveau code PIN d&apos;administration quand il a été perdu ou oublié. Non affichée dans le formulaire des réglages.</translation>
    </message>
    <message>
        <source>Interface language.</source>
        <translation>Langue de l&apos;interface.</translation>
    </message>
    <message>
        <source>Patients present from which an hour counts as a period of stress (statistics).</source>
        <translation>Nombre de patients présents à partir duquel une heure compte comme période de tension (statistiques).</translation>
    </message>
    <message>
        <source>Window title.</source>
        <translation>Titre de la fenêtre.</translation>
    </message>
    <message>
        <source>Cadre (frameless, fixed) or Fenetre (boxes as windows).</source>
        <translation>Cadre (sans bordure, fixe) ou Fenetre (box en fenêtres).</translation>
    </message>
    <message>
        <source>Patient name colour.</source>
        <translation>Couleur du nom du patient.</translation>
    </message>
    <message>
        <source>Patient name colour when it blinks (a folded patient with a late task).</source>
        <translation>Couleur du nom du patient quand il clignote (un patient replié avec une tâche en retard).</translation>
    </message>
    <message>
        <source>Patient comment colour.</source>
        <translation>Couleur du commentaire du patient.</translation>
    </message>
    <message>
        <source>Move button colour.</source>
        <translation>Couleur du bouton de déplacement.</translation>
    </message>
    <message>
        <source>Responsible colour when he has none.</source>
        <translation>Couleur du responsable quand il n&apos;y en a pas.</translation>
    </message>
    <message>
        <source>Entry time colour.</source>
        <translation>Couleur de l&apos;heure d&apos;entrée.</translation>
    </message>
    <message>
        <source>Last move / exit time colour.</source>
        <translation>Couleur de l&apos;heure du dernier déplacement / de la sortie.</translation>
    </message>
    <message>
        <source>Destination colour.</source>
        <translation>Couleur de la destination.</translation>
    </message>
    <message>
        <source>Default box width (px).</source>
        <translation>Largeur par défaut d&apos;un box (px).</translation>
    </message>
    <message>
        <source>Default box height (px).</source>
        <translation>Hauteur par défaut d&apos;un box (px).</translation>
    </message>
    <message>
        <source>Task button width (px).</source>
        <translation>Largeur d&apos;un bouton de tâche (px).</translation>
    </message>
    <message>
        <source>Size hint (px): the pitch of the task chip lines in the full tier. The board never goes below a 40 px touch target, and a lower tier takes over when a box is short.</source>
        <translation>Indication de taille (px) : le pas des lignes de pastilles de tâches au niveau complet. Le tableau ne descend jamais sous une cible tactile de 40 px, et un niveau plus réduit prend le relais quand un box est bas.</translation>
    </message>
    <message>
        <source>Size hint (px): the height of a box&apos;s title bar (the move target), 40 at least.</source>
        <translation>Indication de taille (px) : la hauteur de la barre de titre d&apos;un box (la cible des déplacements), 40 au moins.</translation>
    </message>
    <message>
        <source>Size hint (px): the height of a patient&apos;s name line in the full tier; the name is drawn at 60 % of it, 24 px at least (the line grows to hold it).</source>
        <translation>Indication de taille (px) : la hauteur de la ligne du nom d&apos;un patient au niveau complet ; le nom est dessiné à 60 % de celle-ci, 24 px au moins (la ligne grandit pour le contenir).</translation>
    </message>
    <message>
        <source>Open the board full screen (OUI) instead of maximised (NON), whatever the window manager.</source>
        <translation>Ouvrir le tableau en plein écran (OUI) plutôt qu&apos;agrandi (NON), quel que soit le gestionnaire de fenêtres.</translation>
    </message>
    <message>
        <source>Base font size (pt).</source>
        <translation>Taille de police de base (pt).</translation>
    </message>
    <message>
        <source>Blink late items (NON: steady alarm colour).</source>
        <translation>Faire clignoter les éléments en retard (NON : couleur d&apos;alarme fixe).</translation>
    </message>
    <message>
        <source>Privacy mode: initials only, no comments.</source>
        <translation>Mode confidentiel : initiales seules, sans commentaires.</translation>
    </message>
    <message>
        <source>Seconds between two rescans of the entry folder (backs up the file watcher).</source>
        <translation>Secondes entre deux relectures du dossier d&apos;entrée (en secours de la surveillance des fichiers).</translation>
    </message>
    <message>
        <source>An entry file is taken once it has not changed for this long (and no program has it open, where the system says so). Writers that pause longer: write under another name, then rename (docs/live-feeds.md).</source>
        <translation>Un fichier d&apos;entrée est pris une fois resté inchangé pendant ce temps (et ouvert par aucun programme, quand le système le dit). Pour les programmes qui font des pauses plus longues : écrire sous un autre nom, puis renommer (docs/live-feeds.md).</translation>
    </message>
    <message>
        <source>Blink period (s).</source>
        <translation>Période de clignotement (s).</translation>
    </message>
    <message>
        <source>Seconds between lateness checks.</source>
        <translation>Secondes entre deux vérifications des retards.</translation>
    </message>
    <message>
        <source>Minutes a patient stays in a Sortie box before automatic archiving.</source>
        <translation>Minutes qu&apos;un patient reste dans un box Sortie avant l&apos;archivage automatique.</translation>
    </message>
    <message>
        <source>Stays older than this (any box) are closed and archived at start-up and daily; 0 = never.</source>
        <translation>Les séjours plus anciens que cela (quel que soit le box) sont clos et archivés au démarrage et chaque jour ; 0 = jamais.</translation>
    </message>
    <message>
        <source>An acknowledged alarm (late task or late triage) stops blinking for this many minutes; its steady late mark stays.</source>
        <translation>Une alarme acquittée (tâche ou tri en retard) cesse de clignoter pendant ce nombre de minutes ; sa marque de retard fixe reste.</translation>
    </message>
    <message>
        <source>An alarm left unacknowledged this many minutes (since it began, or since its last acknowledgement ran out) escalates: stronger colour, first in the late strip.</source>
        <translation>Une alarme laissée sans acquittement ce nombre de minutes (depuis son début, ou depuis la fin de son dernier acquittement) s&apos;aggrave : couleur plus forte, en tête du bandeau des retards.</translation>
    </message>
    <message>
        <source>Milliseconds between two checks of the database revision (other screens, MedinTux).</source>
        <translation>Millisecondes entre deux vérifications de la révision de la base (autres écrans, MedinTux).</translation>
    </message>
    <message>
        <source>Administration locks again after this many seconds without a touch in its windows (it also locks when its last window closes or the board loses the focus).</source>
        <translation>L&apos;administration se verrouille de nouveau après ce nombre de secondes sans toucher ses fenêtres (elle se verrouille aussi quand sa dernière fenêtre se ferme ou quand le tableau perd le focus).</translation>
    </message>
    <message>
        <source>Address `synoptux serve` listens on (127.0.0.1: this machine only, e.g. behind a reverse proxy; 0.0.0.0: every interface). `--host` overrides it.</source>
        <translation>Adresse où `synoptux serve` écoute (127.0.0.1 : cette machine seulement, p. ex. derrière un proxy inverse ; 0.0.0.0 : toutes les interfaces). `--host` la remplace.</translation>
    </message>
    <message>
        <source>Port of `synoptux serve` (`--port` overrides it).</source>
        <translation>Port de `synoptux serve` (`--port` le remplace).</translation>
    </message>
    <message>
        <source>PEM certificate (chain) for HTTPS; with `Cle_Certificat`, `synoptux serve` speaks HTTPS only. Empty: plain HTTP (on 127.0.0.1 or behind a reverse proxy, docs/web.md).</source>
        <translation>Certificat PEM (chaîne) pour HTTPS ; avec `Cle_Certificat`, `synoptux serve` ne parle que HTTPS. Vide : HTTP simple (sur 127.0.0.1 ou derrière un proxy inverse, docs/web.md).</translation>
    </message>
    <message>
        <source>PEM private key of `Certificat`.</source>
        <translation>Clé privée PEM de `Certificat`.</translation>
    </message>
    <message>
        <source>Addresses of the reverse proxies whose X-Forwarded-For / X-Forwarded-Proto headers are believed (comma-separated, e.g. 127.0.0.1). Empty: none.</source>
        <translation>Adresses des proxys inverses dont les en-têtes X-Forwarded-For / X-Forwarded-Proto sont crus (séparées par des virgules, p. ex. 127.0.0.1). Vide : aucun.</translation>
    </message>
    <message>
        <source>A login session of the web view ends after this long without a page or an update being read (an open page keeps it alive).</source>
        <translation>Une session de la vue web se termine après ce temps sans page ni mise à jour lue (une page ouverte la garde active).</translation>
    </message>
    <message>
        <source>A login session ends this long after the login, whatever the activity.</source>
        <translation>Une session se termine ce temps après la connexion, quelle que soit l&apos;activité.</translation>
    </message>
    <message>
        <source>Screens that see full names without a login (a ward display): name:SHA-256 of its token, separated by &apos;;&apos;. Written by `synoptux web-account --screen-token NAME`, which shows the token once; only its hash is kept here.</source>
        <translation>Écrans qui voient les noms complets sans connexion (un affichage de service) : nom:SHA-256 de son jeton, séparés par &apos;;&apos;. Écrit par `synoptux web-account --screen-token NOM`, qui montre le jeton une fois ; seule son empreinte est gardée ici.</translation>
    </message>
    <message>
        <source>Folder of the downtime copy (the board as PDF and self-contained HTML, for when the database is down): created readable by the board&apos;s user only; the files hold names.</source>
        <translation>Dossier de la copie de secours (le tableau en PDF et en HTML autonome, pour quand la base est en panne) : créé lisible par le seul utilisateur du tableau ; les fichiers contiennent des noms.</translation>
    </message>
    <message>
        <source>A second folder for the same copy (a share); empty: none. A setgid folder gives the files to its group (fileperm rules).</source>
        <translation>Un second dossier pour la même copie (un partage) ; vide : aucun. Un dossier setgid donne les fichiers à son groupe (règles de fileperm).</translation>
    </message>
    <message>
        <source>Minutes between two copies written by the board and by `synoptux serve`; 0: only on demand (*Fichiers → Imprimer le tableau*, `synoptux export-board`).</source>
        <translation>Minutes entre deux copies écrites par le tableau et par `synoptux serve` ; 0 : seulement à la demande (*Fichiers → Imprimer le tableau*, `synoptux export-board`).</translation>
    </message>
    <message>
        <source>Dated copies kept in each folder besides the latest one.</source>
        <translation>Copies datées gardées dans chaque dossier en plus de la dernière.</translation>
    </message>
</context>
<context>
    <name>StaleMark</name>
    <message>
        <source>Data of {t} — the database is not answering</source>
        <translation>Données du {t} — la base ne répond pas</translation>
    </message>
</context>
<context>
    <name>StartupError</name>
    <message>
        <source>The database cannot be reached.</source>
        <translation>La base de données est injoignable.</translation>
    </message>
    <message>
        <source>Try again in a moment.</source>
        <translation>Réessayez dans un instant.</translation>
    </message>
    <message>
        <source>The database server cannot be reached.</source>
        <translation>Le serveur de base de données est injoignable.</translation>
    </message>
    <message>
        <source>Check that it is a file and that this user may read it.</source>
        <translation>Vérifiez que c&apos;est bien un fichier et que cet utilisateur peut le lire.</translation>
    </message>
    <message>
        <source>Correct it in synoptux.ini.</source>
        <translation>Corrigez-le dans synoptux.ini.</translation>
    </message>
    <message>
        <source>The database holds no Synoptux tables.</source>
        <translation>La base de données ne contient pas les tables de Synoptux.</translation>
    </message>
    <message>
        <source>Create them with the command: synoptux init-db</source>
        <translation>Créez-les avec la commande : synoptux init-db</translation>
    </message>
    <message>
        <source>This is a Synoptux 2.x database that must be upgraded first.</source>
        <translation>C&apos;est une base Synoptux 2.x qu&apos;il faut d&apos;abord mettre à niveau.</translation>
    </message>
    <message>
        <source>Run the command: synoptux upgrade</source>
        <translation>Lancez la commande : synoptux upgrade</translation>
    </message>
    <message>
        <source>If it is on a network share, check that the share is mounted. Nothing was created: the board shows no invented patients in place of the real ones.</source>
        <translation>S&apos;il est sur un partage réseau, vérifiez que le partage est monté. Rien n&apos;a été créé : le tableau n&apos;affiche pas de patients fictifs à la place des vrais.</translation>
    </message>
    <message>
        <source>Check the database setting in synoptux.ini.</source>
        <translation>Vérifiez le réglage de la base de données dans synoptux.ini.</translation>
    </message>
    <message>
        <source>Correct the user and the password in synoptux.ini.</source>
        <translation>Corrigez l&apos;utilisateur et le mot de passe dans synoptux.ini.</translation>
    </message>
    <message>
        <source>Check its name in synoptux.ini, or create it then run: synoptux init-db</source>
        <translation>Vérifiez son nom dans synoptux.ini, ou créez-la puis lancez : synoptux init-db</translation>
    </message>
    <message>
        <source>The board cannot start</source>
        <translation>Le tableau ne peut pas démarrer</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Check the path given with --config or $SYNOPTUX_CONFIG. The board does not start on an empty configuration.</source>
        <translation>Vérifiez le chemin donné par --config ou $SYNOPTUX_CONFIG. Le tableau ne démarre pas sur une configuration vide.</translation>
    </message>
    <message>
        <source>Repair it or put its backup copy back. The board does not start on a configuration it cannot read.</source>
        <translation>Réparez-le ou remettez sa copie de sauvegarde. Le tableau ne démarre pas sur une configuration qu&apos;il ne peut pas lire.</translation>
    </message>
    <message>
        <source>The command {cmd} checks every setting.</source>
        <translation>La commande {cmd} vérifie chaque réglage.</translation>
    </message>
    <message>
        <source>The configuration file {path} cannot be read.</source>
        <translation>Le fichier de configuration {path} ne peut pas être lu.</translation>
    </message>
    <message>
        <source>The database setting [{section}] {key} is wrong.</source>
        <translation>Le réglage de la base de données [{section}] {key} est incorrect.</translation>
    </message>
    <message>
        <source>The setting [{section}] {key} is wrong.</source>
        <translation>Le réglage [{section}] {key} est incorrect.</translation>
    </message>
    <message>
        <source>The database file {path} cannot be found.</source>
        <translation>Le fichier de la base de données {path} est introuvable.</translation>
    </message>
    <message>
        <source>The file {path} is not a SQLite database.</source>
        <translation>Le fichier {path} n&apos;est pas une base de données SQLite.</translation>
    </message>
    <message>
        <source>The database server refused the user name or the password ({who}).</source>
        <translation>Le serveur de base de données a refusé l&apos;utilisateur ou le mot de passe ({who}).</translation>
    </message>
    <message>
        <source>The database {name} does not exist on the server.</source>
        <translation>La base de données {name} n&apos;existe pas sur le serveur.</translation>
    </message>
    <message>
        <source>Technical detail (exit status {status}): {detail}</source>
        <translation>Détail technique (code de sortie {status}) : {detail}</translation>
    </message>
    <message>
        <source>The configuration file {path} does not exist.</source>
        <translation>Le fichier de configuration {path} n&apos;existe pas.</translation>
    </message>
    <message>
        <source>The configuration file {path} is damaged (line {line}).</source>
        <translation>Le fichier de configuration {path} est endommagé (ligne {line}).</translation>
    </message>
</context>
<context>
    <name>StateBar</name>
    <message>
        <source>State: none</source>
        <translation>État : aucun</translation>
    </message>
    <message>
        <source>State: {state}</source>
        <translation>État : {state}</translation>
    </message>
</context>
<context>
    <name>Stats</name>
    <message>
        <source>--to {last} is before --from {first}</source>
        <translation>--to {last} est avant --from {first}</translation>
    </message>
    <message>
        <source>synoptux stats: {error}</source>
        <translation>synoptux stats : {error}</translation>
    </message>
    <message>
        <source>synoptux stats: database unavailable: {error}</source>
        <translation>synoptux stats : base de données indisponible : {error}</translation>
    </message>
    <message>
        <source>{what} {value}: expected a date such as 2026-11-23</source>
        <translation>{what} {value} : une date est attendue, par exemple 2026-11-23</translation>
    </message>
    <message>
        <source>the period ends ({last}) before it starts ({first})</source>
        <translation>la période finit ({last}) avant de commencer ({first})</translation>
    </message>
    <message>
        <source>stress threshold {threshold}: must be at least 1</source>
        <translation>seuil de stress {threshold} : doit valoir au moins 1</translation>
    </message>
</context>
<context>
    <name>StatsWindow</name>
    <message>
        <source>Triage and alarms</source>
        <translation>Tri et alarmes</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Niveau</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Libellé</translation>
    </message>
    <message>
        <source>Target (min)</source>
        <translation>Délai cible (min)</translation>
    </message>
    <message>
        <source>Seen by a doctor</source>
        <translation>Vus par un médecin</translation>
    </message>
    <message>
        <source>Within target</source>
        <translation>Dans le délai</translation>
    </message>
    <message>
        <source>Within target (%)</source>
        <translation>Dans le délai (%)</translation>
    </message>
    <message>
        <source>Not seen</source>
        <translation>Pas encore vus</translation>
    </message>
    <message>
        <source>Alarms raised</source>
        <translation>Alarmes levées</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Acquittées</translation>
    </message>
    <message>
        <source>Acknowledged (%)</source>
        <translation>Acquittées (%)</translation>
    </message>
    <message>
        <source>Median time to acknowledge (min)</source>
        <translation>Délai médian d&apos;acquittement (min)</translation>
    </message>
    <message>
        <source>Triage levels: waiting time to the first medical contact</source>
        <translation>Niveaux de tri : attente avant le premier contact médical</translation>
    </message>
    <message>
        <source>Stays that entered in the period, by their triage level. The first medical contact is the first responsible set (or given with the entry).</source>
        <translation>Séjours entrés dans la période, par niveau de tri. Le premier contact médical est le premier responsable désigné (ou donné avec l&apos;entrée).</translation>
    </message>
    <message>
        <source>Alarms raised and acknowledged, per task type</source>
        <translation>Alarmes levées et acquittées, par type de tâche</translation>
    </message>
    <message>
        <source>Lateness episodes that began in the period (late to start, late to finish, triage past its target), recomputed from the rows; the time to acknowledge runs from the start of the alarm to its first acknowledgement.</source>
        <translation>Épisodes de retard commencés dans la période (retard au début, retard à la fin, tri au-delà de sa cible), recalculés à partir des lignes ; le délai d&apos;acquittement court du début de l&apos;alarme à son premier acquittement.</translation>
    </message>
    <message>
        <source>The database cannot be reached. Try again in a moment.</source>
        <translation>La base de données est injoignable. Réessayez dans un instant.</translation>
    </message>
    <message>
        <source>The statistics could not be computed: {error}</source>
        <translation>Les statistiques n&apos;ont pas pu être calculées : {error}</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Statistiques</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Aujourd&apos;hui</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>7 derniers jours</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>Dernier mois</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Personnalisée</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Du</translation>
    </message>
    <message>
        <source>to</source>
        <translation>au</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Au</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exporter en CSV…</translation>
    </message>
    <message>
        <source>Past stays…</source>
        <translation>Séjours passés…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Résumé</translation>
    </message>
    <message>
        <source>Acts</source>
        <translation>Actes</translation>
    </message>
    <message>
        <source>Acts per task type</source>
        <translation>Actes par type de tâche</translation>
    </message>
    <message>
        <source>Acts per hour of day</source>
        <translation>Actes par heure de la journée</translation>
    </message>
    <message>
        <source>Task durations</source>
        <translation>Durées des tâches</translation>
    </message>
    <message>
        <source>Median and 90th percentile (min)</source>
        <translation>Médiane et 90e centile (min)</translation>
    </message>
    <message>
        <source>Waiting room</source>
        <translation>Salle d&apos;attente</translation>
    </message>
    <message>
        <source>Waiting times (min)</source>
        <translation>Temps d&apos;attente (min)</translation>
    </message>
    <message>
        <source>Median wait by hour of arrival (min)</source>
        <translation>Attente médiane selon l&apos;heure d&apos;arrivée (min)</translation>
    </message>
    <message>
        <source>Stays</source>
        <translation>Séjours</translation>
    </message>
    <message>
        <source>Arrivals: day of week × hour</source>
        <translation>Arrivées : jour de la semaine × heure</translation>
    </message>
    <message>
        <source>Exits by destination</source>
        <translation>Sorties par destination</translation>
    </message>
    <message>
        <source>Periods of stress</source>
        <translation>Périodes de tension</translation>
    </message>
    <message>
        <source>Mean duration (min): stress / calm</source>
        <translation>Durée moyenne (min) : tension / calme</translation>
    </message>
    <message>
        <source>Computing {first} – {last}…</source>
        <translation>Calcul du {first} au {last}…</translation>
    </message>
    <message>
        <source>Period {first} – {last}: {n} stay(s), {acts} act(s). Computed in {ms} ms.</source>
        <translation>Période du {first} au {last} : {n} séjour(s), {acts} acte(s). Calculé en {ms} ms.</translation>
    </message>
    <message>
        <source>Median</source>
        <translation>Médiane</translation>
    </message>
    <message>
        <source>90th percentile</source>
        <translation>90e centile</translation>
    </message>
    <message>
        <source>Stress</source>
        <translation>Tension</translation>
    </message>
    <message>
        <source>Calm</source>
        <translation>Calme</translation>
    </message>
    <message>
        <source>Nothing to export yet.</source>
        <translation>Rien à exporter pour l&apos;instant.</translation>
    </message>
    <message>
        <source>The CSV files could not be written: {error}</source>
        <translation>Les fichiers CSV n&apos;ont pas pu être écrits : {error}</translation>
    </message>
    <message>
        <source>{n} file(s) written in {folder}.</source>
        <translation>{n} fichier(s) écrit(s) dans {folder}.</translation>
    </message>
    <message>
        <source>Folder for the CSV files</source>
        <translation>Dossier des fichiers CSV</translation>
    </message>
    <message>
        <source>No data in this period</source>
        <translation>Aucune donnée sur cette période</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>Indicateur</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Tâche</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Jour</translation>
    </message>
    <message>
        <source>Hour</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Per day</source>
        <translation>Par jour</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Mean (min)</source>
        <translation>Moyenne (min)</translation>
    </message>
    <message>
        <source>Median (min)</source>
        <translation>Médiane (min)</translation>
    </message>
    <message>
        <source>90th percentile (min)</source>
        <translation>90e centile (min)</translation>
    </message>
    <message>
        <source>Planned end exceeded</source>
        <translation>Fin prévue dépassée</translation>
    </message>
    <message>
        <source>Exceeded (%)</source>
        <translation>Dépassement (%)</translation>
    </message>
    <message>
        <source>Never finished</source>
        <translation>Jamais terminées</translation>
    </message>
    <message>
        <source>Still open</source>
        <translation>Encore ouvertes</translation>
    </message>
    <message>
        <source>No start time</source>
        <translation>Sans heure de début</translation>
    </message>
    <message>
        <source>Direct to care</source>
        <translation>Directement en soins</translation>
    </message>
    <message>
        <source>Still waiting</source>
        <translation>Encore en attente</translation>
    </message>
    <message>
        <source>Left without care</source>
        <translation>Partis sans soins</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>Minutes</translation>
    </message>
    <message>
        <source>Patients</source>
        <translation>Patients</translation>
    </message>
    <message>
        <source>Still present</source>
        <translation>Encore présents</translation>
    </message>
    <message>
        <source>Crossed midnight</source>
        <translation>Passés minuit</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>Destination</translation>
    </message>
    <message>
        <source>Exits</source>
        <translation>Sorties</translation>
    </message>
    <message>
        <source>Mean peak</source>
        <translation>Pic moyen</translation>
    </message>
    <message>
        <source>Highest peak</source>
        <translation>Pic maximal</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>Lun</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>Mar</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>Mer</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>Jeu</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>Ven</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>Sam</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>Dim</translation>
    </message>
    <message>
        <source>Arrivals</source>
        <translation>Arrivées</translation>
    </message>
    <message>
        <source>Stays across midnight</source>
        <translation>Séjours passant minuit</translation>
    </message>
    <message>
        <source>Acts done</source>
        <translation>Actes réalisés</translation>
    </message>
    <message>
        <source>Tasks finished</source>
        <translation>Tâches terminées</translation>
    </message>
    <message>
        <source>Tasks never finished</source>
        <translation>Tâches jamais terminées</translation>
    </message>
    <message>
        <source>Tasks still open</source>
        <translation>Tâches encore ouvertes</translation>
    </message>
    <message>
        <source>Finished tasks without a start time</source>
        <translation>Tâches terminées sans heure de début</translation>
    </message>
    <message>
        <source>Waited, then reached care</source>
        <translation>Attente puis soins</translation>
    </message>
    <message>
        <source>Stress threshold (patients)</source>
        <translation>Seuil de tension (patients)</translation>
    </message>
    <message>
        <source>Hours of stress</source>
        <translation>Heures de tension</translation>
    </message>
    <message>
        <source>Hours in the period</source>
        <translation>Heures de la période</translation>
    </message>
    <message>
        <source>Acts done per task type</source>
        <translation>Actes réalisés par type de tâche</translation>
    </message>
    <message>
        <source>One act = a task that reached an end state in the period, counted under its final state: {states}</source>
        <translation>Un acte = une tâche arrivée à un état final dans la période, comptée sous son état final : {states}</translation>
    </message>
    <message>
        <source>Acts done per day</source>
        <translation>Actes réalisés par jour</translation>
    </message>
    <message>
        <source>Acts done per hour of day</source>
        <translation>Actes réalisés par heure de la journée</translation>
    </message>
    <message>
        <source>Task durations, real start to real end (minutes)</source>
        <translation>Durées des tâches, du début réel à la fin réelle (minutes)</translation>
    </message>
    <message>
        <source>Tasks that ended in the period. The planned end is EN_HeureFinPrevue, or the start plus the task&apos;s maximum duration. Tasks never finished (stay closed with the task open) and tasks still open are counted apart, not averaged.</source>
        <translation>Tâches terminées dans la période. La fin prévue est EN_HeureFinPrevue, ou le début plus la durée maximale de la tâche. Les tâches jamais terminées (séjour clos avec la tâche ouverte) et les tâches encore ouvertes sont comptées à part, hors moyennes.</translation>
    </message>
    <message>
        <source>Task durations in periods of stress and outside (minutes)</source>
        <translation>Durées des tâches en période de tension et hors tension (minutes)</translation>
    </message>
    <message>
        <source>A task belongs to a period of stress when it started in an hour where the number of patients present reached the threshold.</source>
        <translation>Une tâche appartient à une période de tension quand elle a commencé dans une heure où le nombre de patients présents a atteint le seuil.</translation>
    </message>
    <message>
        <source>All tasks</source>
        <translation>Toutes les tâches</translation>
    </message>
    <message>
        <source>Waiting-room time before the first care box (minutes)</source>
        <translation>Temps en salle d&apos;attente avant le premier box de soins (minutes)</translation>
    </message>
    <message>
        <source>Patients who waited in an Attente box and then reached a Soins box. Patients still waiting and those who left without care are counted apart, not averaged.</source>
        <translation>Patients qui ont attendu dans un box Attente puis ont rejoint un box Soins. Les patients qui attendent encore et ceux partis sans soins sont comptés à part, hors moyennes.</translation>
    </message>
    <message>
        <source>Waiting-room time by hour of arrival (minutes)</source>
        <translation>Temps en salle d&apos;attente selon l&apos;heure d&apos;arrivée (minutes)</translation>
    </message>
    <message>
        <source>Distribution of waiting-room times</source>
        <translation>Répartition des temps d&apos;attente</translation>
    </message>
    <message>
        <source>Length of stay, entry to exit (minutes)</source>
        <translation>Durée de séjour, de l&apos;entrée à la sortie (minutes)</translation>
    </message>
    <message>
        <source>Stays that entered in the period. The exit is the move to a Sortie box (or the archiving when there was none). Patients still present are not averaged.</source>
        <translation>Séjours entrés dans la période. La sortie est le déplacement vers un box Sortie (ou l&apos;archivage quand il n&apos;y en a pas eu). Les patients encore présents sont hors moyennes.</translation>
    </message>
    <message>
        <source>Arrivals per hour of day and day of week</source>
        <translation>Arrivées par heure et jour de la semaine</translation>
    </message>
    <message>
        <source>Hours of stress (patients present reached the threshold)</source>
        <translation>Heures de tension (patients présents au seuil ou au-delà)</translation>
    </message>
    <message>
        <source>Threshold: {threshold} patients present at the same time within the hour.</source>
        <translation>Seuil : {threshold} patients présents en même temps dans l&apos;heure.</translation>
    </message>
    <message>
        <source>Highest number of patients present, by hour of day</source>
        <translation>Nombre maximal de patients présents, par heure de la journée</translation>
    </message>
    <message>
        <source>The period is not over: figures stop at {now}.</source>
        <translation>La période n&apos;est pas terminée : chiffres arrêtés au {now}.</translation>
    </message>
    <message>
        <source>{n} patient(s) who entered in the period are still present: counted in arrivals and presence, not in length of stay.</source>
        <translation>{n} patient(s) entré(s) pendant la période sont encore présents : comptés dans les arrivées et la présence, pas dans la durée de séjour.</translation>
    </message>
    <message>
        <source>{n} stay(s) crossed midnight: each counts on its day of arrival, and in the presence of every hour it spans.</source>
        <translation>{n} séjour(s) ont passé minuit : chacun compte pour son jour d&apos;arrivée, et dans la présence de chaque heure couverte.</translation>
    </message>
    <message>
        <source>{n} task(s) were never finished (the stay was closed with the task open): counted apart, not in durations.</source>
        <translation>{n} tâche(s) jamais terminée(s) (séjour clos avec la tâche ouverte) : comptées à part, pas dans les durées.</translation>
    </message>
    <message>
        <source>{n} task(s) are still open on the board.</source>
        <translation>{n} tâche(s) encore ouverte(s) sur le tableau.</translation>
    </message>
    <message>
        <source>{n} finished task(s) have no start time: not in durations.</source>
        <translation>{n} tâche(s) terminée(s) sans heure de début : hors durées.</translation>
    </message>
    <message>
        <source>{n} patient(s) are still in a waiting box.</source>
        <translation>{n} patient(s) encore en salle d&apos;attente.</translation>
    </message>
    <message>
        <source>Period {first} - {last} (computed {when})</source>
        <translation>Période du {first} au {last} (calculée le {when})</translation>
    </message>
</context>
<context>
    <name>TaskPicker</name>
    <message>
        <source>Delete the task</source>
        <translation>Supprimer la tâche</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Acknowledge the alarm</source>
        <translation>Acquitter l&apos;alarme</translation>
    </message>
</context>
<context>
    <name>Upgrade</name>
    <message>
        <source>SQLite: nothing to restore (no 2.x upgrade is done on SQLite; copy the file to keep a backup)</source>
        <translation>SQLite : rien à restaurer (aucune reprise 2.x ne se fait sur SQLite ; copiez le fichier pour en garder une sauvegarde)</translation>
    </message>
    <message>
        <source>SQLite: &apos;upgrade&apos; would only create the missing tables/columns (ensure_schema); 2.x sites run MySQL</source>
        <translation>SQLite : &apos;upgrade&apos; ne ferait que créer les tables et colonnes manquantes (ensure_schema) ; les sites 2.x sont sous MySQL</translation>
    </message>
    <message>
        <source>SQLite: no 2.x database to adopt; schema checked (version {version}, tables created: {tables})</source>
        <translation>SQLite : pas de base 2.x à reprendre ; schéma vérifié (version {version}, tables créées : {tables})</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucune</translation>
    </message>
    <message>
        <source>dry run: nothing is changed. Backup method: SQL dump file written by synoptux.</source>
        <translation>essai à blanc : rien n&apos;est changé. Méthode de sauvegarde : fichier de dump SQL écrit par synoptux.</translation>
    </message>
    <message>
        <source>data kept as it is and shown marked (also listed by &apos;synoptux doctor&apos;):</source>
        <translation>données gardées telles quelles et affichées marquées (aussi listées par &apos;synoptux doctor&apos;) :</translation>
    </message>
    <message>
        <source>Stop every board and MedinTux writer during the upgrade. Backup method: SQL dump file written by synoptux (restore: synoptux upgrade --restore).</source>
        <translation>Arrêtez tous les tableaux et tout ce qui écrit depuis MedinTux pendant la reprise. Méthode de sauvegarde : fichier de dump SQL écrit par synoptux (restauration : synoptux upgrade --restore).</translation>
    </message>
    <message>
        <source>synoptux upgrade: stopped by an error: {error}. Every finished step is recorded: run the same command again to go on, or &apos;synoptux upgrade --restore&apos; to put the backup back.</source>
        <translation>synoptux upgrade : arrêté par une erreur : {error}. Chaque étape terminée est notée : relancez la même commande pour continuer, ou &apos;synoptux upgrade --restore&apos; pour remettre la sauvegarde.</translation>
    </message>
    <message>
        <source>{change} (kept: {why})</source>
        <translation>{change} (gardée : {why})</translation>
    </message>
    <message>
        <source>values up to {top} do not fit a signed int</source>
        <translation>des valeurs jusqu&apos;à {top} ne tiennent pas dans un int signé</translation>
    </message>
    <message>
        <source>another &apos;synoptux upgrade&apos; is working on this database; wait for it to finish</source>
        <translation>un autre &apos;synoptux upgrade&apos; travaille sur cette base ; attendez qu&apos;il ait fini</translation>
    </message>
    <message>
        <source>no Synoptux tables with prefix {prefix} in {database} (tables found: {tables}); check --prefix</source>
        <translation>aucune table Synoptux de préfixe {prefix} dans {database} (tables trouvées : {tables}) ; vérifiez --prefix</translation>
    </message>
    <message>
        <source>{tables} (rename them, then run again)</source>
        <translation>{tables} (renommez-les, puis relancez)</translation>
    </message>
    <message>
        <source>{table}: keys equal once accents/case are ignored: {keys}</source>
        <translation>{table} : clés égales une fois les accents et la casse ignorés : {keys}</translation>
    </message>
    <message>
        <source>step {step}: done</source>
        <translation>étape {step} : terminée</translation>
    </message>
    <message>
        <source>only the change triggers were missing: {triggers} (no data changed)</source>
        <translation>seuls les déclencheurs de suivi des changements manquaient : {triggers} (aucune donnée changée)</translation>
    </message>
    <message>
        <source>resuming the upgrade interrupted after step &apos;{step}&apos; (backup {backup})</source>
        <translation>la reprise interrompue après l&apos;étape &apos;{step}&apos; continue (sauvegarde {backup})</translation>
    </message>
    <message>
        <source>warning: the backup of the interrupted upgrade ({backup}) is missing; a new backup of the current state is taken</source>
        <translation>attention : la sauvegarde de la reprise interrompue ({backup}) a disparu ; une nouvelle sauvegarde de l&apos;état actuel est faite</translation>
    </message>
    <message>
        <source>note: {table} does not exist yet; it will be created</source>
        <translation>note : {table} n&apos;existe pas encore ; elle sera créée</translation>
    </message>
    <message>
        <source>backup: writing a SQL dump of {count} tables into {folder} ...</source>
        <translation>sauvegarde : écriture d&apos;un dump SQL de {count} tables dans {folder}…</translation>
    </message>
    <message>
        <source>backup: {path} ({rows} rows; restore with &apos;synoptux upgrade --restore&apos;)</source>
        <translation>sauvegarde : {path} ({rows} lignes ; restauration par &apos;synoptux upgrade --restore&apos;)</translation>
    </message>
    <message>
        <source>changing the key of {table}: {error}</source>
        <translation>changement de la clé de {table} : {error}</translation>
    </message>
    <message>
        <source>{table}: key is now EN_Num_tache alone</source>
        <translation>{table} : la clé est maintenant EN_Num_tache seul</translation>
    </message>
    <message>
        <source>converting {table} ({rows} rows, {kind}) ...</source>
        <translation>conversion de {table} ({rows} lignes, {kind})…</translation>
    </message>
    <message>
        <source>converting {table}: {error}; nothing of this table was changed (run again after fixing, or --restore)</source>
        <translation>conversion de {table} : {error} ; rien de cette table n&apos;a été changé (relancez après correction, ou --restore)</translation>
    </message>
    <message>
        <source>schema version {version}; tables created: {tables}; columns added: {columns}; indexes created: {indexes}; change triggers: {triggers}</source>
        <translation>schéma version {version} ; tables créées : {tables} ; colonnes ajoutées : {columns} ; index créés : {indexes} ; déclencheurs de suivi : {triggers}</translation>
    </message>
    <message>
        <source>column {change}</source>
        <translation>colonne {change}</translation>
    </message>
    <message>
        <source>upgrade finished: every row is there</source>
        <translation>reprise terminée : toutes les lignes sont là</translation>
    </message>
    <message>
        <source>no fingerprint recorded at backup time: cannot verify</source>
        <translation>aucune empreinte notée lors de la sauvegarde : vérification impossible</translation>
    </message>
    <message>
        <source>{table} ({before} rows before, {after} after, contents differ)</source>
        <translation>{table} ({before} lignes avant, {after} après, contenus différents)</translation>
    </message>
    <message>
        <source>{table} ({before} rows before, {after} after)</source>
        <translation>{table} ({before} lignes avant, {after} après)</translation>
    </message>
    <message>
        <source>verified {table}: {rows} rows, contents identical</source>
        <translation>{table} vérifiée : {rows} lignes, contenu identique</translation>
    </message>
    <message>
        <source>verified on every node of the cluster: the same rows, InnoDB, keys</source>
        <translation>vérifié sur chaque nœud du cluster : mêmes lignes, InnoDB, clés</translation>
    </message>
    <message>
        <source>verification failed: {problems}. Put the backup back with &apos;synoptux upgrade --restore&apos;</source>
        <translation>échec de la vérification : {problems}. Remettez la sauvegarde avec &apos;synoptux upgrade --restore&apos;</translation>
    </message>
    <message>
        <source>no backup of {database} found in {folder} (use --backup-dir)</source>
        <translation>aucune sauvegarde de {database} trouvée dans {folder} (utilisez --backup-dir)</translation>
    </message>
    <message>
        <source>current state saved first: {path}</source>
        <translation>état actuel sauvegardé d&apos;abord : {path}</translation>
    </message>
    <message>
        <source>restoring {path} (taken {taken}) ...</source>
        <translation>restauration de {path} (faite le {taken})…</translation>
    </message>
    <message>
        <source>{table}: {rows} rows, expected {expected}</source>
        <translation>{table} : {rows} lignes, {expected} attendues</translation>
    </message>
    <message>
        <source>restore incomplete: {problems}</source>
        <translation>restauration incomplète : {problems}</translation>
    </message>
    <message>
        <source>restored {count} tables ({rows} rows); tables dropped: {dropped}</source>
        <translation>{count} tables restaurées ({rows} lignes) ; tables supprimées : {dropped}</translation>
    </message>
    <message>
        <source>node {node} cannot be reached: whether 2.x left rows there cannot be checked; start it, or run the upgrade once it is back</source>
        <translation>le nœud {node} est injoignable : impossible de vérifier si la 2.x y a laissé des lignes ; démarrez-le, ou lancez la reprise quand il sera revenu</translation>
    </message>
    <message>
        <source>{table} has {count} row(s) of its own on node {node}: MyISAM rows are not replicated, each node kept those written there (2.x screens on several nodes); run the upgrade on the node 2.x wrote to, once the rows of the others are merged into it</source>
        <translation>{table} a {count} ligne(s) propres sur le nœud {node} : les lignes MyISAM ne sont pas répliquées, chaque nœud a gardé celles écrites chez lui (écrans 2.x sur plusieurs nœuds) ; lancez la reprise sur le nœud où écrivait la 2.x, une fois les lignes des autres fusionnées dans celui-ci</translation>
    </message>
    <message>
        <source>wsrep_mode has STRICT_REPLICATION on this node, which refuses any change to a MyISAM table (2.x&apos;s tables are MyISAM): run SET GLOBAL wsrep_mode = &apos;{modes}&apos; on this node, run the upgrade, then put STRICT_REPLICATION back</source>
        <translation>wsrep_mode contient STRICT_REPLICATION sur ce nœud, ce qui refuse toute modification d&apos;une table MyISAM (les tables de la 2.x sont en MyISAM) : exécutez SET GLOBAL wsrep_mode = &apos;{modes}&apos; sur ce nœud, lancez la reprise, puis remettez STRICT_REPLICATION</translation>
    </message>
    <message>
        <source>another &apos;synoptux upgrade&apos; is working on this database (server {server}, node {node}, since {since}); wait for it to finish</source>
        <translation>un autre &apos;synoptux upgrade&apos; travaille sur cette base (serveur {server}, nœud {node}, depuis {since}) ; attendez qu&apos;il ait fini</translation>
    </message>
    <message>
        <source>node {node} could not be checked (unreachable)</source>
        <translation>le nœud {node} n&apos;a pas pu être vérifié (injoignable)</translation>
    </message>
    <message>
        <source>{table} on node {node} ({rows} rows, {expected} expected)</source>
        <translation>{table} sur le nœud {node} ({rows} lignes, {expected} attendues)</translation>
    </message>
    <message>
        <source>backup</source>
        <translation>sauvegarde</translation>
    </message>
    <message>
        <source>renumbering</source>
        <translation>renumérotation</translation>
    </message>
    <message>
        <source>task key</source>
        <translation>clé des tâches</translation>
    </message>
    <message>
        <source>schema</source>
        <translation>schéma</translation>
    </message>
    <message>
        <source>done</source>
        <translation>terminée</translation>
    </message>
    <message>
        <source>conversion of {table}</source>
        <translation>conversion de {table}</translation>
    </message>
    <message>
        <source>database {database}, table prefix {prefix}</source>
        <translation>base {database}, préfixe des tables {prefix}</translation>
    </message>
    <message>
        <source>{table}: {rows} rows, {kind}</source>
        <translation>{table} : {rows} lignes, {kind}</translation>
    </message>
    <message>
        <source>an upgrade failed its verification after step &apos;{step}&apos;: it will resume, backup {backup}</source>
        <translation>une reprise a échoué à sa vérification après l&apos;étape &apos;{step}&apos; : elle continuera, sauvegarde {backup}</translation>
    </message>
    <message>
        <source>an upgrade was interrupted after step &apos;{step}&apos;: it will resume, backup {backup}</source>
        <translation>une reprise a été interrompue après l&apos;étape &apos;{step}&apos; : elle continuera, sauvegarde {backup}</translation>
    </message>
    <message>
        <source>nothing to do: schema version {version}, InnoDB/utf8mb4, change triggers present</source>
        <translation>rien à faire : schéma version {version}, InnoDB/utf8mb4, déclencheurs de suivi présents</translation>
    </message>
    <message>
        <source>1. backup: SQL dump of {count} tables ({rows} rows) into {folder}</source>
        <translation>1. sauvegarde : dump SQL de {count} tables ({rows} lignes) dans {folder}</translation>
    </message>
    <message>
        <source>2. renumber {count} tasks whose EN_Num_tache repeats (new numbers above the maximum)</source>
        <translation>2. renuméroter {count} tâches dont l&apos;EN_Num_tache se répète (nouveaux numéros au-dessus du maximum)</translation>
    </message>
    <message>
        <source>3. encours_taches key: (EN_PK_encours, EN_Num_tache) -&gt; (EN_Num_tache) AUTO_INCREMENT</source>
        <translation>3. clé de encours_taches : (EN_PK_encours, EN_Num_tache) -&gt; (EN_Num_tache) AUTO_INCREMENT</translation>
    </message>
    <message>
        <source>4. convert {table}: {kind} -&gt; InnoDB/utf8mb4</source>
        <translation>4. convertir {table} : {kind} -&gt; InnoDB/utf8mb4</translation>
    </message>
    <message>
        <source>5. schema: tables to create: {tables}; columns to add: {columns}; indexes: {indexes}; change triggers: {triggers}; version {version} -&gt; {target}</source>
        <translation>5. schéma : tables à créer : {tables} ; colonnes à ajouter : {columns} ; index : {indexes} ; déclencheurs de suivi : {triggers} ; version {version} -&gt; {target}</translation>
    </message>
    <message>
        <source>columns brought to the fresh schema&apos;s type and width ({count}; none is narrowed):</source>
        <translation>colonnes mises au type et à la largeur du schéma neuf ({count} ; aucune n&apos;est rétrécie) :</translation>
    </message>
    <message>
        <source>6. verify row counts and contents against the backup</source>
        <translation>6. vérifier le nombre de lignes et les contenus par rapport à la sauvegarde</translation>
    </message>
    <message>
        <source>BLOCKED {table}: keys equal once accents/case are ignored: {keys} (rename them first)</source>
        <translation>BLOQUÉ {table} : clés égales une fois les accents et la casse ignorés : {keys} (renommez-les d&apos;abord)</translation>
    </message>
    <message>
        <source>renumbered {count} tasks whose EN_Num_tache repeated (new numbers from {first})</source>
        <translation>{count} tâches renumérotées dont l&apos;EN_Num_tache se répétait (nouveaux numéros à partir de {first})</translation>
    </message>
</context>
<context>
    <name>WardDialogs</name>
    <message>
        <source>Triage level</source>
        <translation>Niveau de tri</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>No level</source>
        <translation>Sans niveau</translation>
    </message>
    <message>
        <source>Acknowledge the alarm</source>
        <translation>Acquitter l&apos;alarme</translation>
    </message>
    <message>
        <source>{what}: blinking stops for a while, the late mark stays. Who acknowledges?</source>
        <translation>{what} : le clignotement s&apos;arrête un moment, la marque de retard reste. Qui acquitte ?</translation>
    </message>
    <message>
        <source>This screen ({name})</source>
        <translation>Cet écran ({name})</translation>
    </message>
    <message>
        <source> · within {n} min</source>
        <translation> · sous {n} min</translation>
    </message>
</context>
<context>
    <name>WebAccount</name>
    <message>
        <source>Password: </source>
        <translation>Mot de passe : </translation>
    </message>
    <message>
        <source>Same password again: </source>
        <translation>Le même mot de passe, à nouveau : </translation>
    </message>
    <message>
        <source>synoptux web-account: the two passwords differ; nothing changed</source>
        <translation>synoptux web-account : les deux mots de passe diffèrent ; rien n&apos;a été modifié</translation>
    </message>
    <message>
        <source>synoptux web-account: no synoptux.ini to keep the token in</source>
        <translation>synoptux web-account : pas de synoptux.ini où garder le jeton</translation>
    </message>
    <message>
        <source>synoptux web-account: no token for {screen!r}</source>
        <translation>synoptux web-account : aucun jeton pour {screen!r}</translation>
    </message>
    <message>
        <source>token of screen {screen} revoked</source>
        <translation>jeton de l&apos;écran {screen} révoqué</translation>
    </message>
    <message>
        <source>synoptux web-account: {why}</source>
        <translation>synoptux web-account : {why}</translation>
    </message>
    <message>
        <source>screen {screen}: open /screen/{token} on that display</source>
        <translation>écran {screen} : ouvrir /screen/{token} sur cet affichage</translation>
    </message>
    <message>
        <source>(shown once: only its hash is kept in synoptux.ini; anyone with this address sees full names, so type it on the display itself and never send it by mail)</source>
        <translation>(affiché une seule fois : seule son empreinte est gardée dans synoptux.ini ; quiconque a cette adresse voit les noms complets : tapez-la sur l&apos;affichage lui-même, ne l&apos;envoyez jamais par courriel)</translation>
    </message>
    <message>
        <source>active</source>
        <translation>actif</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>désactivé</translation>
    </message>
    <message>
        <source>(changed {when})</source>
        <translation>(modifié le {when})</translation>
    </message>
    <message>
        <source>web account {login} added</source>
        <translation>compte web {login} ajouté</translation>
    </message>
    <message>
        <source>password of {login} changed (its open sessions end within a minute)</source>
        <translation>mot de passe de {login} modifié (ses sessions ouvertes se ferment dans la minute)</translation>
    </message>
    <message>
        <source>web account {login} disabled</source>
        <translation>compte web {login} désactivé</translation>
    </message>
    <message>
        <source>web account {login} enabled</source>
        <translation>compte web {login} réactivé</translation>
    </message>
    <message>
        <source>web account {login} removed</source>
        <translation>compte web {login} supprimé</translation>
    </message>
    <message>
        <source>synoptux web-account: {why} Nothing changed.</source>
        <translation>synoptux web-account : {why} Rien n&apos;a été modifié.</translation>
    </message>
</context>
<context>
    <name>WebPage</name>
    <message>
        <source>Log in</source>
        <translation>Se connecter</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Se déconnecter</translation>
    </message>
    <message>
        <source>Log in to the board</source>
        <translation>Connexion au tableau</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Identifiant</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <source>Wrong login or password.</source>
        <translation>Identifiant ou mot de passe incorrect.</translation>
    </message>
    <message>
        <source>Too many tries: try again in {0} s.</source>
        <translation>Trop d&apos;essais : réessayez dans {0} s.</translation>
    </message>
    <message>
        <source>The database cannot be reached: try again in a moment.</source>
        <translation>La base est injoignable : réessayez dans un instant.</translation>
    </message>
    <message>
        <source>No account exists yet (synoptux web-account --add).</source>
        <translation>Aucun compte n&apos;existe encore (synoptux web-account --add).</translation>
    </message>
    <message>
        <source>Initials only: log in to see the names.</source>
        <translation>Initiales seulement : connectez-vous pour voir les noms.</translation>
    </message>
    <message>
        <source>Full names ({0})</source>
        <translation>Noms complets ({0})</translation>
    </message>
    <message>
        <source>screen {0}</source>
        <translation>écran {0}</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>En direct</translation>
    </message>
    <message>
        <source>up to date at {0}</source>
        <translation>à jour à {0}</translation>
    </message>
    <message>
        <source>Connection lost: reconnecting…</source>
        <translation>Connexion perdue : reconnexion…</translation>
    </message>
    <message>
        <source>Database unreachable since {0}: board of {1}</source>
        <translation>Base injoignable depuis {0} : tableau du {1}</translation>
    </message>
    <message>
        <source>Filter: {0}</source>
        <translation>Filtre : {0}</translation>
    </message>
    <message>
        <source>no patient</source>
        <translation>aucun patient</translation>
    </message>
    <message>
        <source>This board needs JavaScript to stay up to date.</source>
        <translation>Ce tableau a besoin de JavaScript pour se mettre à jour.</translation>
    </message>
    <message>
        <source>Back to the board</source>
        <translation>Retour au tableau</translation>
    </message>
</context>
</TS>
