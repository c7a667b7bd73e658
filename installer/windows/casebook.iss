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
; Casebook holds these mutexes while it runs (app/desktop/running_mutex.py); setup
; sees them in every session and asks for Casebook to be closed first.
CloseApplications=no
RestartApplications=no
AppMutex=CasebookRunning,Global\CasebookRunning

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Messages]
ConfirmUninstall=Remove %1 from this computer?%n%nThe case records are NOT removed. Each user's encrypted database stays in their own folder, %%LOCALAPPDATA%%\Casebook (for example C:\Users\name\AppData\Local\Casebook), and opens again if Casebook is reinstalled. Shared records (if IT chose them) stay in their shared folder, for example C:\ProgramData\Casebook\Data.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the program's files completely (never the case records).
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

; -- Who uses Casebook on this laptop (installer/README.md) --------------------
; Per-user (the default): each Windows account keeps its own records in its own
; %LOCALAPPDATA%\Casebook. Shared: one folder for the DSL and deputies, opened
; only by a local group, found by every account through HKLM\SOFTWARE\Casebook
; (app/storage/data_location.py reads the same names). Silent installs choose with
; /SHARED=1 [/DATAFOLDER="D:\Casebook"] [/GROUP="Casebook Users"].
[Dirs]
Name: "{code:SharedFolder}"; Check: IsShared; Flags: uninsneveruninstall

[Registry]
; Kept on uninstall, so a reinstall finds the shared records again.
Root: HKLM; Subkey: "SOFTWARE\Casebook"; ValueType: string; ValueName: "DataFolder"; ValueData: "{code:SharedFolder}"; Check: IsShared
Root: HKLM; Subkey: "SOFTWARE\Casebook"; ValueType: string; ValueName: "UsersGroup"; ValueData: "{code:UsersGroup}"; Check: IsShared

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Safeguarding case records"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
; Shared records: the local group (an existing one is kept), then an access
; list that lets in only that group, SYSTEM and Administrators (S-1-5-18,
; S-1-5-32-544), with nothing inherited from ProgramData, where every user may read.
Filename: "{sys}\net.exe"; Parameters: "localgroup ""{code:UsersGroup}"" /add /comment:""May open the shared Casebook safeguarding records"""; Flags: runhidden waituntilterminated; Check: IsShared; StatusMsg: "Creating the Casebook users group..."
Filename: "{sys}\icacls.exe"; Parameters: """{code:SharedFolder}"" /inheritance:r /grant:r ""*S-1-5-18:(OI)(CI)F"" ""*S-1-5-32-544:(OI)(CI)F"" ""{code:UsersGroup}:(OI)(CI)M"""; Flags: runhidden waituntilterminated; Check: IsShared; StatusMsg: "Restricting the shared records folder..."
; Opened as the person who ran the installer, not as the administrator, so the
; database goes into their own folder.
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent runasoriginaluser unchecked

[Code]
var
  UsersPage: TInputOptionWizardPage;

function ExistingSharedFolder(): String;
begin
  if not RegQueryStringValue(HKLM, 'SOFTWARE\Casebook', 'DataFolder', Result) then
    Result := '';
end;

procedure InitializeWizard();
begin
  UsersPage := CreateInputOptionPage(wpSelectTasks,
    'Who uses Casebook on this laptop?',
    'Choose where the case records are kept. IT can change this later (installer\README.md).',
    'Records are encrypted either way. Pick the second only if the DSL and deputies sign in to this laptop with different Windows accounts.',
    True, False);
  UsersPage.Add('One Windows account: each account keeps its own records (recommended for a DSL''s own laptop)');
  UsersPage.Add('Several Windows accounts share one set of records, opened only by members of the local group "Casebook Users"');
  if (ExistingSharedFolder() <> '') or (ExpandConstant('{param:SHARED|0}') = '1') then
    UsersPage.SelectedValueIndex := 1
  else
    UsersPage.SelectedValueIndex := 0;
end;

function IsShared(): Boolean;
begin
  if WizardSilent() then
    Result := (ExpandConstant('{param:SHARED|0}') = '1') or (ExistingSharedFolder() <> '')
  else
    Result := UsersPage.SelectedValueIndex = 1;
end;

function SharedFolder(Param: String): String;
begin
  Result := ExistingSharedFolder();
  if Result = '' then
    Result := ExpandConstant('{param:DATAFOLDER|{commonappdata}\Casebook\Data}');
end;

function UsersGroup(Param: String): String;
begin
  if not RegQueryStringValue(HKLM, 'SOFTWARE\Casebook', 'UsersGroup', Result) then
    Result := ExpandConstant('{param:GROUP|Casebook Users}');
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox('{#AppName} has been removed.' + #13#10#13#10 +
      'The case records were kept. Each user''s encrypted database is still in their own folder:' + #13#10#13#10 +
      '    %LOCALAPPDATA%\Casebook' + #13#10 +
      '    (for example C:\Users\name\AppData\Local\Casebook)' + #13#10 +
      'or, where the records are shared, in the shared folder (for example C:\ProgramData\Casebook\Data).' + #13#10#13#10 +
      'Reinstalling {#AppName} opens it again. Delete that folder only if the records are no longer needed ' +
      'and have been kept as the school''s retention policy requires.',
      mbInformation, MB_OK);
end;
