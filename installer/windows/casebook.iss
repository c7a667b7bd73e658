; Casebook for Windows: a per-machine installer, built with Inno Setup 6
; (https://jrsoftware.org/isinfo.php). Steps: installer/README.md.
;
; Input:  dist\casebook\ (PyInstaller, installer\casebook.spec).
; Output: dist\Casebook-<version>-setup.exe.
; Build:  python installer\build.py      (finds ISCC.exe and passes the version)
;    or:  ISCC.exe /DAppVersion=0.1.0 installer\windows\casebook.iss
;
; Installs for every user of the laptop into Program Files (asks for an
; administrator once), with a Start-menu entry and an uninstaller. The case
; records are never in the installation folder: each user's encrypted database
; is in %LOCALAPPDATA%\Casebook, and uninstalling leaves it there and says so.

; x64compatible (below) needs Inno Setup 6.3 or later.
#if VER < EncodeVer(6, 3, 0)
  #error Inno Setup 6.3 or later is needed to build Casebook's installer
#endif

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "Casebook"
#define AppExe "Casebook.exe"
#define Bundle "..\..\dist\casebook"

[Setup]
; The AppId identifies Casebook to Windows across versions: never change it.
AppId={{6F0B7B52-3C1E-4E0B-9D3A-5A8C2E4F7B19}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
AppComments=Offline, encrypted case records for a school's Designated Safeguarding Lead.
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\casebook.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
; Never close Casebook for the user: on a shared laptop the Restart Manager
; could close it in another person's session, in the middle of an incident.
; Casebook holds these mutexes while it runs (app/running_mutex.py); setup
; sees them in every session and asks for Casebook to be closed first.
CloseApplications=no
RestartApplications=no
AppMutex=CasebookRunning,Global\CasebookRunning

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Messages]
ConfirmUninstall=Remove %1 from this computer?%n%nThe case records are NOT removed. Each user's encrypted database stays in their own folder, %%LOCALAPPDATA%%\Casebook (for example C:\Users\name\AppData\Local\Casebook), and opens again if Casebook is reinstalled.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the program's files completely (never the case records).
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Safeguarding case records"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
; Opened as the person who ran the installer, not as the administrator, so the
; database goes into their own folder.
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent runasoriginaluser unchecked

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox('{#AppName} has been removed.' + #13#10#13#10 +
      'The case records were kept. Each user''s encrypted database is still in their own folder:' + #13#10#13#10 +
      '    %LOCALAPPDATA%\Casebook' + #13#10 +
      '    (for example C:\Users\name\AppData\Local\Casebook)' + #13#10#13#10 +
      'Reinstalling {#AppName} opens it again. Delete that folder only if the records are no longer needed ' +
      'and have been kept as the school''s retention policy requires.',
      mbInformation, MB_OK);
end;
