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
      <source>The action failed and nothing was changed. The error was logged.</source>
      <translation>L'action a échoué et rien n'a été modifié. L'erreur a été journalisée.</translation>
    </message>
    <message>
      <source>Delete the task {task}?</source>
      <translation>Supprimer la tâche {task} ?</translation>
    </message>
    <message>
      <source>The history window is not available in this version.</source>
      <translation>La fenêtre d'historique n'est pas disponible dans cette version.</translation>
    </message>
    <message>
      <source>The program {prog} cannot be found. Check the path written with the patient's entry.</source>
      <translation>Le programme {prog} est introuvable. Vérifiez le chemin indiqué à l'entrée du patient.</translation>
    </message>
    <message>
      <source>The program {prog} could not be started.</source>
      <translation>Le programme {prog} n'a pas pu être lancé.</translation>
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
      <source>No program opens {file}.</source>
      <translation>Aucun programme n'ouvre {file}.</translation>
    </message>
    <message>
      <source>The program {prog} cannot be found. Check the path written with the task.</source>
      <translation>Le programme {prog} est introuvable. Vérifiez le chemin indiqué avec la tâche.</translation>
    </message>
    <message>
      <source>The MedinTux note cannot be shown: {why}</source>
      <translation>La note MedinTux ne peut pas être affichée : {why}</translation>
    </message>
  </context>
  <context>
    <name>BoxPanel</name>
    <message>
      <source>Tap here to move the selected patient into this box</source>
      <translation>Touchez ici pour déplacer le patient choisi dans ce box</translation>
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
    <name>MainWindow</name>
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
      <source>About Synoptux</source>
      <translation>À propos de Synoptux</translation>
    </message>
    <message>
      <source>There is no synoptux.ini to save the positions to.</source>
      <translation>Il n'y a pas de fichier synoptux.ini où enregistrer les positions.</translation>
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
      <source>Connection lost since {t}: the board may be out of date</source>
      <translation>Connexion perdue depuis {t} : le tableau n'est peut-être plus à jour</translation>
    </message>
    <message>
      <source>Only the patients of {name} — tap to show all</source>
      <translation>Seulement les patients de {name} — touchez pour tout afficher</translation>
    </message>
    <message>
      <source>The positions could not be saved: {why}</source>
      <translation>Les positions n'ont pas pu être enregistrées : {why}</translation>
    </message>
    <message>
      <source>Statistics</source>
      <translation>Statistiques</translation>
    </message>
    <message>
      <source>{n} entry file(s) in error — tap to see</source>
      <translation>{n} fichier(s) d'entrée en erreur — touchez pour voir</translation>
    </message>
    <message>
      <source>The list of entry files in error is not available.</source>
      <translation>La liste des fichiers d'entrée en erreur n'est pas disponible.</translation>
    </message>
    <message>
      <source>The statistics window is not available.</source>
      <translation>La fenêtre des statistiques n'est pas disponible.</translation>
    </message>
  </context>
  <context>
    <name>Messages</name>
    <message>
      <source>The database is unreachable: nothing was changed. Try again in a moment.</source>
      <translation>Base de données injoignable : rien n'a été modifié. Réessayez dans un instant.</translation>
    </message>
    <message>
      <source>This patient is no longer on the board (another screen may have moved him out). The board has been refreshed.</source>
      <translation>Ce patient n'est plus sur le tableau (un autre écran l'a peut-être sorti). Le tableau a été rafraîchi.</translation>
    </message>
    <message>
      <source>This task no longer exists. The board has been refreshed.</source>
      <translation>Cette tâche n'existe plus. Le tableau a été rafraîchi.</translation>
    </message>
    <message>
      <source>This box no longer exists. The board has been refreshed.</source>
      <translation>Ce box n'existe plus. Le tableau a été rafraîchi.</translation>
    </message>
    <message>
      <source>The patient is already in this box.</source>
      <translation>Le patient est déjà dans ce box.</translation>
    </message>
    <message>
      <source>This state no longer exists. The board has been refreshed.</source>
      <translation>Cet état n'existe plus. Le tableau a été rafraîchi.</translation>
    </message>
    <message>
      <source>This state is not allowed for this task.</source>
      <translation>Cet état n'est pas permis pour cette tâche.</translation>
    </message>
    <message>
      <source>This responsible no longer exists. The board has been refreshed.</source>
      <translation>Ce responsable n'existe plus. Le tableau a été rafraîchi.</translation>
    </message>
    <message>
      <source>late {m} min</source>
      <translation>retard {m} min</translation>
    </message>
    <message>
      <source>This box is full ({present}/{capacity}). Nothing was changed.</source>
      <translation>Ce box est plein ({present}/{capacity}). Rien n'a été modifié.</translation>
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
      <translation>La sortie définitive retire le patient du tableau ; le séjour est conservé dans l'archive pour les statistiques.</translation>
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
      <translation>Touchez n'importe où pour fermer</translation>
    </message>
  </context>
  <context>
    <name>PatientCard</name>
    <message>
      <source>Move</source>
      <translation>Déplacer</translation>
    </message>
    <message>
      <source>History</source>
      <translation>Historique</translation>
    </message>
    <message>
      <source>Open the patient's file</source>
      <translation>Ouvrir le dossier du patient</translation>
    </message>
    <message>
      <source>Tap to show or hide the name</source>
      <translation>Touchez pour afficher ou masquer le nom</translation>
    </message>
    <message>
      <source>Entry time</source>
      <translation>Heure d'entrée</translation>
    </message>
    <message>
      <source>Tap to edit the comment</source>
      <translation>Touchez pour modifier le commentaire</translation>
    </message>
    <message>
      <source>Show the tasks</source>
      <translation>Déplier les tâches</translation>
    </message>
    <message>
      <source>Hide the tasks</source>
      <translation>Replier les tâches</translation>
    </message>
    <message>
      <source>Exit time</source>
      <translation>Heure de sortie</translation>
    </message>
    <message>
      <source>Time of the last move</source>
      <translation>Heure du dernier déplacement</translation>
    </message>
    <message>
      <source>Responsible?</source>
      <translation>Responsable ?</translation>
    </message>
    <message>
      <source>out {t}</source>
      <translation>sorti {t}</translation>
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
    <name>TaskRow</name>
    <message>
      <source>Delete the task</source>
      <translation>Supprimer la tâche</translation>
    </message>
    <message>
      <source>State</source>
      <translation>État</translation>
    </message>
  </context>
  <context>
    <name>IngestErrorsDialog</name>
    <message>
      <source>Entry files in error</source>
      <translation>Fichiers d'entrée en erreur</translation>
    </message>
    <message>
      <source>No entry file in error.</source>
      <translation>Aucun fichier d'entrée en erreur.</translation>
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
</TS>
